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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
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
 * constraints as {@code POST /api/v1/tasks}. SnakeYAML's node API is used instead of loading into maps because
 * nodes remember their lines, which every error reports.
 *
 * <p>Plain scalars are read as YAML 1.2 reads them: only {@code true}/{@code false} are booleans and only decimal
 * numbers are numbers, so {@code country: NO} or {@code at: 9:30} stay text instead of turning into YAML 1.1's
 * boolean and base-60 integer.
 */
final class WorkflowFileParser {

    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final Set<String> TRUES = Set.of("true", "True", "TRUE");
    private static final Set<String> FALSES = Set.of("false", "False", "FALSE");
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
        LoaderOptions options = new LoaderOptions();
        // Anchors are allowed, but few: each alias is copied into the tree, and a file is a handful of fields.
        options.setMaxAliasesForCollections(10);
        try {
            return new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String detail = e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
            throw new WorkflowFileException(source, mark == null ? 1 : mark.getLine() + 1,
                    "invalid YAML: " + detail);
        } catch (YAMLException e) {
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

    private static JsonNode scalar(ScalarNode scalar) {
        String value = scalar.getValue();
        if (!scalar.isPlain()) {
            return NODES.stringNode(value);
        }
        if (NULLS.contains(value)) {
            return NODES.nullNode();
        }
        if (TRUES.contains(value) || FALSES.contains(value)) {
            return NODES.booleanNode(TRUES.contains(value));
        }
        if (INTEGER.matcher(value).matches()) {
            BigInteger number = new BigInteger(value);
            return number.bitLength() < 64 ? NODES.numberNode(number.longValue()) : NODES.numberNode(number);
        }
        if (DECIMAL.matcher(value).matches()) {
            return NODES.numberNode(Double.parseDouble(value));
        }
        return NODES.stringNode(value);
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
            throw file.error(List.of("schedule", e.field()), e.getMessage().substring(e.field().length() + 2));
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
