package dev.baton.workflowfile;

import dev.baton.schedule.ScheduleRequest;
import dev.baton.task.TaskRequest;
import dev.baton.web.JsonErrors;
import dev.baton.workflowfile.WorkflowFileException.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a workflow file with the API's own rules: the YAML (minus {@code schedule}) becomes a
 * {@link TaskRequest} through the application's strict JSON mapper and is checked by the same bean-validation
 * constraints as {@code POST /api/v1/tasks}; a value Jackson refuses is described in the API's words
 * ({@link JsonErrors}). The YAML itself is {@link YamlTree}'s business, and the checks across the schedule section
 * {@link ScheduleSectionCheck}'s. Every error names the file and the line.
 */
final class WorkflowFileParser {

    private final ObjectMapper json;
    private final JsonErrors jsonErrors;
    private final Validator validator;

    WorkflowFileParser(ObjectMapper json, Validator validator) {
        this.json = json;
        this.jsonErrors = new JsonErrors(json);
        this.validator = validator;
    }

    /** @throws WorkflowFileException naming {@code source}, the line and the field */
    WorkflowFile parse(Path file, String source) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, source);
        } catch (IOException e) {
            throw new WorkflowFileException(source, 1, "cannot read the file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new WorkflowFileException(source, 1, "cannot read the file: " + e.getCause().getMessage());
        }
    }

    /** @throws WorkflowFileException naming {@code source}, the line and the field */
    WorkflowFile parse(Reader reader, String source) {
        Node root = YamlTree.compose(reader, source);
        if (root == null) {
            throw new WorkflowFileException(source, 1, "the file is empty; it must declare a task");
        }
        if (!(root instanceof MappingNode)) {
            throw new WorkflowFileException(source, YamlLines.line(root),
                    "must be a mapping of task fields such as name and promptTemplate");
        }
        YamlLines lines = new YamlLines(root);
        ObjectNode tree = (ObjectNode) YamlTree.toJson(root, source);
        JsonNode scheduleTree = tree.remove("schedule");

        TaskRequest request = read(tree, TaskRequest.class, List.of(), source, lines);
        List<Problem> problems = new ArrayList<>(violations(request, List.of(), lines));
        ScheduleRequest section = null;
        if (scheduleTree != null && !scheduleTree.isNull()) {
            section = read(scheduleTree, ScheduleRequest.class, List.of("schedule"), source, lines);
            problems.addAll(violations(section, List.of("schedule"), lines));
        }
        if (!problems.isEmpty()) {
            throw new WorkflowFileException(source, problems);
        }

        WorkflowFile file = new WorkflowFile(source, request.spec(), section == null ? null : section.spec(), lines);
        if (file.schedule() != null) {
            ScheduleSectionCheck.check(file);
        }
        return file;
    }

    private <T> T read(JsonNode tree, Class<T> type, List<Object> prefix, String source, YamlLines lines) {
        try {
            return json.treeToValue(tree, type);
        } catch (JacksonException e) {
            List<Object> path = new ArrayList<>(prefix);
            e.getPath().forEach(r -> path.add(r.getPropertyName() != null ? r.getPropertyName() : r.getIndex()));
            if (path.isEmpty()) {
                throw new WorkflowFileException(source, 1, "must be a mapping of fields");
            }
            throw new WorkflowFileException(source, lines.line(path),
                    YamlLines.display(path) + ": " + jsonErrors.reasonListingKnownFields(e));
        }
    }

    private List<Problem> violations(Object bean, List<Object> prefix, YamlLines lines) {
        List<Problem> problems = new ArrayList<>();
        for (ConstraintViolation<Object> violation : validator.validate(bean)) {
            List<Object> path = new ArrayList<>(prefix);
            for (jakarta.validation.Path.Node step : violation.getPropertyPath()) {
                if (step.getIndex() != null) {
                    path.add(step.getIndex());
                } else if (step.getKey() != null) {
                    path.add(step.getKey().toString());
                }
                if (step.getKind() == ElementKind.PROPERTY) {
                    path.add(step.getName());
                }
            }
            problems.add(new Problem(lines.line(path), YamlLines.display(path) + ": " + violation.getMessage()));
        }
        return problems;
    }
}
