package dev.baton.execution;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** The body of {@code POST /api/v1/tasks/{id}/execute}; every field is optional. */
@Schema(example = """
        {"variables": {"namespace": "prod"}, "executionMode": "async"}""")
record ExecuteRequest(@Size(max = 100) Map<String, @NotNull @Size(max = 100_000) String> variables,
        ExecutionMode executionMode) {

    static final ExecuteRequest EMPTY = new ExecuteRequest(null, null);

    Map<String, String> variablesOrEmpty() {
        return variables == null ? Map.of() : variables;
    }

    ExecutionMode modeOrDefault() {
        return executionMode == null ? ExecutionMode.ASYNC : executionMode;
    }
}
