package dev.baton.session;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a session's turns cost together, failed and cancelled ones included: the CLI reports a cost and usage with
 * every turn it finishes, whether the turn succeeded or not. A turn the CLI did not finish (killed, crashed,
 * interrupted) reported neither, so it adds nothing.
 *
 * @param costUsd the sum of the reported costs, or null when no turn reported one
 * @param usageJson the reported usages added up field by field (numbers summed, nested objects likewise, anything
 *        else taken from the last turn), or null when no turn reported one
 */
public record TurnSpend(BigDecimal costUsd, String usageJson) {

    public static final TurnSpend NONE = new TurnSpend(null, null);

    static TurnSpend of(Iterable<TurnResult> turns) {
        BigDecimal cost = null;
        ObjectNode usage = null;
        for (TurnResult turn : turns) {
            if (turn.costUsd() != null) {
                cost = cost == null ? turn.costUsd() : cost.add(turn.costUsd());
            }
            if (turn.usage() != null && turn.usage().isObject()) {
                usage = usage == null ? ((ObjectNode) turn.usage()).deepCopy() : add(usage, turn.usage());
            }
        }
        return new TurnSpend(cost, usage == null ? null : usage.toString());
    }

    private static ObjectNode add(ObjectNode total, JsonNode more) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = more.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode mine = total.get(field.getKey());
            JsonNode theirs = field.getValue();
            if (mine != null && mine.isIntegralNumber() && theirs.isIntegralNumber()) {
                total.put(field.getKey(), mine.longValue() + theirs.longValue());
            } else if (mine != null && mine.isNumber() && theirs.isNumber()) {
                total.put(field.getKey(), mine.decimalValue().add(theirs.decimalValue()));
            } else if (mine instanceof ObjectNode object && theirs.isObject()) {
                add(object, theirs);
            } else {
                total.set(field.getKey(), theirs.deepCopy());
            }
        }
        return total;
    }
}
