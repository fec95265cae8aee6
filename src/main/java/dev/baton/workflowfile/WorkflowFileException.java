package dev.baton.workflowfile;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow file that cannot be applied. The message alone says where and why, on one line, e.g.
 * {@code workflows/bad.yaml line 7: timeoutSeconds: must be greater than or equal to 10}, so a log line is enough
 * to fix the file.
 */
final class WorkflowFileException extends RuntimeException {

    /** One thing wrong, at a 1-based line. */
    record Problem(int line, String detail) {
    }

    WorkflowFileException(String source, List<Problem> problems) {
        super(source + " " + problems.stream().sorted(Comparator.comparingInt(Problem::line))
                .map(p -> "line " + p.line() + ": " + p.detail()).collect(Collectors.joining("; ")));
    }

    WorkflowFileException(String source, int line, String detail) {
        this(source, List.of(new Problem(line, detail)));
    }
}
