package dev.baton.workflowfile;

import java.io.Reader;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * YAML to JSON: composes a file into snakeyaml-engine's nodes, which remember their lines ({@link YamlLines}), and
 * turns them into the JSON tree the API's own mapper reads. Plain scalars are resolved with YAML 1.2's core schema:
 * only {@code true}/{@code false} are booleans, so {@code country: NO} or {@code at: 9:30} stay text instead of
 * turning into YAML 1.1's boolean and base-60 integer.
 */
final class YamlTree {

    private static final CoreSchema YAML_1_2 = new CoreSchema();
    private static final Map<Tag, ConstructNode> SCALARS = YAML_1_2.getSchemaTagConstructors();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {
    }

    /**
     * @return the document's root node, or null for an empty file
     * @throws WorkflowFileException naming {@code source} and the line of a syntax error
     */
    static Node compose(Reader reader, String source) {
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

    /** @throws WorkflowFileException for a key that is not a plain name, or appears twice in one mapping */
    static JsonNode toJson(Node node, String source) {
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
                case BigInteger big -> NODES.numberNode(big);
                case Double d -> NODES.numberNode(d);
                default -> NODES.stringNode(scalar.getValue());
            };
        }
        return NODES.stringNode(scalar.getValue());
    }
}
