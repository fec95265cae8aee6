package dev.baton.workflowfile;

import dev.baton.schedule.ScheduleRequest;
import dev.baton.schedule.ScheduleSpec;
import dev.baton.schedule.ScheduleTimes;
import dev.baton.task.TaskRequest;
import dev.baton.workflowfile.WorkflowFileException.Problem;
import dev.baton.web.InvalidFieldException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a workflow file with the API's own rules: the YAML (minus {@code schedule}) becomes a
 * {@link TaskRequest} through the application's strict JSON mapper and is checked by the same bean-validation
 * constraints as {@code POST /api/v1/tasks}. snakeyaml-engine's node API is used instead of loading into maps
 * because nodes remember their lines, which every error reports.
 *
 * <p>Plain scalars are read with YAML 1.2's core schema: only {@code true}/{@code false} are booleans, so
 * {@code country: NO} or {@code at: 9:30} stay text instead of turning into YAML 1.1's boolean and base-60 integer.
 */
final class WorkflowFileParser {

    private static final CoreSchema YAML_1_2 = new CoreSchema();
    private static final Map<Tag, ConstructNode> SCALARS = YAML_1_2.getSchemaTagConstructors();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;
    private final Validator validator;

    WorkflowFileParser(ObjectMapper json, Validator validator) {
        this.json = json;
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
        Node root = compose(reader, source);
        if (root == null) {
            throw new WorkflowFileException(source, 1, "the file is empty; it must declare a task");
        }
        if (!(root instanceof MappingNode)) {
            throw new WorkflowFileException(source, YamlLines.line(root),
                    "must be a mapping of task fields such as name and promptTemplate");
        }
        YamlLines lines = new YamlLines(root);
        ObjectNode tree = (ObjectNode) toJson(root, source);
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
            checkSchedule(file);
        }
        return file;
    }

    private static Node compose(Reader reader, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setSchema(YAML_1_2)
                // Anchors are allowed, but few: each alias is copied into the tree, and a file is a handful of fields.
                .setMaxAliasesForCollections(10)
                .build();
        try {
            return new Compose(settings).composeReader(reader).orElse(null);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            String detail = e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
            throw new WorkflowFileException(source, mark.map(m -> m.getLine() + 1).orElse(1), "invalid YAML: " + detail);
        } catch (YamlEngineException e) {
            throw new WorkflowFileException(source, 1, "invalid YAML: " + e.getMessage());
        }
    }

    private static JsonNode toJson(Node node, String source) {
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar);
            case SequenceNode sequence -> {
                var array = NODES.arrayNode();
                sequence.getValue().forEach(item -> array.add(toJson(item, source)));
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        throw new WorkflowFileException(source, YamlLines.line(tuple.getKeyNode()),
                                "keys must be plain names");
                    }
                    if (object.has(key.getValue())) {
                        throw new WorkflowFileException(source, YamlLines.line(key),
                                key.getValue() + ": appears more than once");
                    }
                    object.set(key.getValue(), toJson(tuple.getValueNode(), source));
                }
                yield object;
            }
            default -> throw new WorkflowFileException(source, YamlLines.line(node), "unsupported YAML node");
        };
    }

    /** The scalar as the core schema resolved it: null, boolean, integer, float, or else text. */
    private static JsonNode scalar(ScalarNode scalar) {
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return NODES.nullNode();
        }
        if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return switch (SCALARS.get(tag).construct(scalar)) {
                case Boolean b -> NODES.booleanNode(b);
                case Integer i -> NODES.numberNode(i.longValue());
                case Long l -> NODES.numberNode(l);
                case java.math.BigInteger big -> NODES.numberNode(big);
                case Double d -> NODES.numberNode(d);
                default -> NODES.stringNode(scalar.getValue());
            };
        }
        return NODES.stringNode(scalar.getValue());
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
                    YamlLines.display(path) + ": " + describe(e));
        }
    }

    /** A plain sentence for what Jackson refused, in the words the API's problem details use. */
    private static String describe(JacksonException e) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof IllegalArgumentException bad && bad.getMessage() != null) {
                return bad.getMessage();
            }
            cause = cause.getCause();
        }
        return switch (e) {
            case UnrecognizedPropertyException u -> "unknown field; expected one of "
                    + u.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            case InputCoercionException c -> "is out of range";
            case MismatchedInputException m -> "must be " + expected(m.getTargetType());
            default -> "has an invalid value";
        };
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text (quote it)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
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

    private static void checkSchedule(WorkflowFile file) {
        ScheduleSpec schedule = file.schedule();
        try {
            ScheduleTimes.validate(schedule);
        } catch (InvalidFieldException e) {
            throw file.error(List.of("schedule", e.field()), e.reason());
        }
        Map<String, String> merged = new HashMap<>(file.task().variables());
        merged.putAll(schedule.variables());
        Set<String> missing = file.task().missingVariables(merged);
        if (!missing.isEmpty()) {
            throw file.error(List.of("schedule", "variables"), "no value for " + String.join(", ", missing)
                    + "; scheduled runs need one here or in the task's variables");
        }
    }
}
