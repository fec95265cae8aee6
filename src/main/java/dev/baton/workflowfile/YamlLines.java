package dev.baton.workflowfile;

import java.util.List;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the line of a field in a composed YAML document, so errors found later (by Jackson, bean validation or a
 * service) can still point at the file. A path is a list of mapping keys ({@code String}) and sequence indexes
 * ({@code Integer}); a step that does not exist stops the walk at the deepest node that does.
 */
final class YamlLines {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Node root;

    YamlLines(Node root) {
        this.root = root;
    }

    /** The 1-based line of the field's key (or of the sequence item), which is where a reader looks for it. */
    int line(List<?> path) {
        Node node = root;
        int line = line(root);
        for (Object step : path) {
            Node next = null;
            if (node instanceof MappingNode mapping && step instanceof String key) {
                for (NodeTuple tuple : mapping.getValue()) {
                    if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                        next = tuple.getValueNode();
                        line = line(tuple.getKeyNode());
                        break;
                    }
                }
            } else if (node instanceof SequenceNode sequence && step instanceof Integer index
                    && index >= 0 && index < sequence.getValue().size()) {
                next = sequence.getValue().get(index);
                line = line(next);
            }
            if (next == null) {
                break;
            }
            node = next;
        }
        return line;
    }

    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    /** The path as the API names fields: {@code retry.maxAttempts}, {@code allowedTools[1]}, {@code variables[a.b]}. */
    static String display(List<?> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else if (out.isEmpty()) {
                out.append(step);
            } else if (IDENTIFIER.matcher(step.toString()).matches()) {
                out.append('.').append(step);
            } else {
                out.append('[').append(step).append(']');
            }
        }
        return out.toString();
    }
}
