package dev.baton.task;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} placeholders, substituted as plain text in one pass. A value is never looked at again, so a
 * variable holding {@code {{other}}}, a shell command or a CLI flag stays exactly that text inside the prompt.
 */
final class PromptTemplate {

    static final String NAME = "[A-Za-z_][A-Za-z0-9_.-]{0,63}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(" + NAME + ")\\s*}}");

    private final String template;

    public PromptTemplate(String template) {
        this.template = template;
    }

    /** The variable names the template uses, in order of first use. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Variables the template uses that {@code values} does not supply. */
    public Set<String> missing(Map<String, String> values) {
        Set<String> missing = new LinkedHashSet<>(variables());
        missing.removeAll(values.keySet());
        return missing;
    }

    /** @throws IllegalArgumentException if a used variable has no value; check {@link #missing} first */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for template variable " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
