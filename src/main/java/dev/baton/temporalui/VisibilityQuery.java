package dev.baton.temporalui;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of Temporal's list filter language that the Web UI writes, evaluated in memory: the embedded test server
 * has no visibility store to run it. Supported: {@code = != < <= > >=}, {@code STARTS_WITH}, {@code IN (…)},
 * {@code BETWEEN … AND …}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT}, parentheses, attribute names
 * plain or in backticks, and a trailing {@code GROUP BY ExecutionStatus} (for counts). Anything else is refused with
 * a message naming it, never silently ignored.
 */
final class VisibilityQuery {

    /** The attributes a listed workflow has; values are strings, instants or null. */
    static final Set<String> ATTRIBUTES = Set.of("WorkflowId", "WorkflowType", "RunId", "ExecutionStatus",
            "StartTime", "CloseTime", "ExecutionTime", "TaskQueue", "ParentWorkflowId", "ParentRunId",
            "TemporalNamespaceDivision", "TemporalScheduledById");

    /** A malformed or unsupported query; the message is shown in the UI as is. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    private final Predicate<Map<String, Object>> filter;
    private final String groupBy;

    private VisibilityQuery(Predicate<Map<String, Object>> filter, String groupBy) {
        this.filter = filter;
        this.groupBy = groupBy;
    }

    static VisibilityQuery parse(String query) {
        if (query == null || query.isBlank()) {
            return new VisibilityQuery(row -> true, null);
        }
        return new Parser(tokens(query)).query();
    }

    boolean matches(Map<String, Object> row) {
        return filter.test(row);
    }

    /** The attribute after {@code GROUP BY}, or null. */
    String groupBy() {
        return groupBy;
    }

    private record Token(String text, boolean quoted, boolean name) {
        boolean is(String keyword) {
            return !quoted && !name && text.equalsIgnoreCase(keyword);
        }
    }

    private static List<Token> tokens(String query) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                int end = query.indexOf(c, i + 1);
                if (end < 0) {
                    throw new Invalid("Unclosed " + c + " in the query at position " + i);
                }
                tokens.add(new Token(query.substring(i + 1, end), c != '`', c == '`'));
                i = end + 1;
            } else if ("()=,".indexOf(c) >= 0) {
                tokens.add(new Token(String.valueOf(c), false, false));
                i++;
            } else if (c == '!' || c == '<' || c == '>') {
                boolean twoChars = i + 1 < query.length() && query.charAt(i + 1) == '=';
                if (c == '!' && !twoChars) {
                    throw new Invalid("Unexpected '!' in the query at position " + i);
                }
                tokens.add(new Token(query.substring(i, twoChars ? i + 2 : i + 1), false, false));
                i += twoChars ? 2 : 1;
            } else {
                int start = i;
                while (i < query.length() && (Character.isLetterOrDigit(query.charAt(i)) || "_.-:".indexOf(query.charAt(i)) >= 0)) {
                    i++;
                }
                if (start == i) {
                    throw new Invalid("Unexpected '" + c + "' in the query at position " + i);
                }
                tokens.add(new Token(query.substring(start, i), false, false));
            }
        }
        return tokens;
    }

    /** Recursive descent: or := and (OR and)*; and := unary (AND unary)*; unary := NOT unary | ( or ) | condition. */
    private static final class Parser {

        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        VisibilityQuery query() {
            Predicate<Map<String, Object>> filter = row -> true;
            if (!peekIs("GROUP") && !peekIs("ORDER") && at < tokens.size()) {
                filter = or();
            }
            String groupBy = null;
            if (peekIs("GROUP")) {
                at++;
                expectKeyword("BY");
                groupBy = attribute();
                if (!groupBy.equals("ExecutionStatus")) {
                    throw new Invalid("Workflows can be grouped by ExecutionStatus only, not " + groupBy);
                }
            }
            if (peekIs("ORDER")) {
                throw new Invalid("ORDER BY is not supported here: workflows are listed newest first");
            }
            if (at < tokens.size()) {
                throw new Invalid("Unexpected '" + tokens.get(at).text() + "' in the query");
            }
            return new VisibilityQuery(filter, groupBy);
        }

        private Predicate<Map<String, Object>> or() {
            Predicate<Map<String, Object>> left = and();
            while (peekIs("OR")) {
                at++;
                left = left.or(and());
            }
            return left;
        }

        private Predicate<Map<String, Object>> and() {
            Predicate<Map<String, Object>> left = unary();
            while (peekIs("AND")) {
                at++;
                left = left.and(unary());
            }
            return left;
        }

        private Predicate<Map<String, Object>> unary() {
            if (peekIs("NOT")) {
                at++;
                return unary().negate();
            }
            if (peekIs("(")) {
                at++;
                Predicate<Map<String, Object>> inner = or();
                expectKeyword(")");
                return inner;
            }
            return condition();
        }

        private Predicate<Map<String, Object>> condition() {
            String attribute = attribute();
            Token op = next("an operator after " + attribute);
            boolean negated = op.is("NOT");
            if (negated) {
                op = next("IN, BETWEEN or STARTS_WITH after NOT");
            }
            String operator = op.text().toUpperCase(Locale.ROOT);
            Predicate<Map<String, Object>> condition = switch (operator) {
                case "=", "!=", "<", "<=", ">", ">=" -> {
                    if (negated) {
                        throw new Invalid("Unsupported operator 'NOT " + op.text() + "' after " + attribute);
                    }
                    Object value = value(attribute);
                    yield row -> compare(row.get(attribute), operator, value);
                }
                case "STARTS_WITH" -> {
                    String prefix = String.valueOf(value(attribute));
                    yield row -> row.get(attribute) instanceof String s && s.startsWith(prefix);
                }
                case "IN" -> {
                    expectKeyword("(");
                    List<Object> values = new ArrayList<>();
                    values.add(value(attribute));
                    while (peekIs(",")) {
                        at++;
                        values.add(value(attribute));
                    }
                    expectKeyword(")");
                    yield row -> values.stream().anyMatch(v -> compare(row.get(attribute), "=", v));
                }
                case "BETWEEN" -> {
                    Object low = value(attribute);
                    expectKeyword("AND");
                    Object high = value(attribute);
                    yield row -> compare(row.get(attribute), ">=", low) && compare(row.get(attribute), "<=", high);
                }
                case "IS" -> {
                    if (negated) {
                        throw new Invalid("Write " + attribute + " IS NOT NULL");
                    }
                    boolean not = peekIs("NOT");
                    if (not) {
                        at++;
                    }
                    expectKeyword("NULL");
                    yield not ? row -> row.get(attribute) != null : row -> row.get(attribute) == null;
                }
                default -> throw new Invalid("Unsupported operator '" + op.text() + "' after " + attribute);
            };
            return negated ? condition.negate() : condition;
        }

        private String attribute() {
            Token token = next("an attribute name");
            if (token.quoted()) {
                throw new Invalid("Expected an attribute name, found the value \"" + token.text() + "\"");
            }
            if (!ATTRIBUTES.contains(token.text())) {
                throw new Invalid("Unknown search attribute '" + token.text() + "'; Baton's embedded server knows "
                        + String.join(", ", ATTRIBUTES.stream().sorted().toList()));
            }
            return token.text();
        }

        private Object value(String attribute) {
            Token token = next("a value for " + attribute);
            if (!token.quoted() && (token.is("(") || token.is(")") || token.is(","))) {
                throw new Invalid("Expected a value for " + attribute + ", found '" + token.text() + "'");
            }
            if (attribute.endsWith("Time")) {
                try {
                    return OffsetDateTime.parse(token.text()).toInstant();
                } catch (DateTimeParseException e) {
                    throw new Invalid(attribute + " needs a time like \"2026-01-31T12:00:00Z\", not \"" + token.text() + "\"");
                }
            }
            return token.text();
        }

        private Token next(String what) {
            if (at >= tokens.size()) {
                throw new Invalid("The query ends where " + what + " was expected");
            }
            return tokens.get(at++);
        }

        private boolean peekIs(String keyword) {
            return at < tokens.size() && tokens.get(at).is(keyword);
        }

        private void expectKeyword(String keyword) {
            Token token = next("'" + keyword + "'");
            if (!token.is(keyword)) {
                throw new Invalid("Expected '" + keyword + "', found '" + token.text() + "'");
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compare(Object actual, String operator, Object expected) {
        if (actual == null) {
            return operator.equals("!=");
        }
        int order = actual instanceof Instant a && expected instanceof Instant e ? a.compareTo(e)
                : ((Comparable) String.valueOf(actual)).compareTo(String.valueOf(expected));
        return switch (operator) {
            case "=" -> order == 0;
            case "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }
}
