package dev.baton.claude;

/**
 * Patterns for request values that end up as CLI arguments. None may look like a flag: a leading '-' could be read
 * as an option by the CLI's parser, and a comma would split a tool list.
 */
public final class CliValues {

    public static final String MODEL = "[A-Za-z0-9][A-Za-z0-9._:\\[\\]-]{0,99}";
    public static final String MODEL_MESSAGE = "must be a model name such as 'sonnet' or 'claude-sonnet-4-5'";
    public static final String TOOL = "[A-Za-z0-9_][^,\\r\\n\\x00]{0,199}";
    public static final String TOOL_MESSAGE = "must be a tool name such as 'Bash' or 'Bash(git diff:*)'";

    private CliValues() {
    }
}
