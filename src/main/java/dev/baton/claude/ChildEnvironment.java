package dev.baton.claude;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the CLI's environment from nothing, so Baton's own secrets (database password, admin key) never
 * reach a process that runs model-chosen shell commands. Values are never logged.
 */
final class ChildEnvironment {

    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR",
            "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN");

    /**
     * The variables that carry an Anthropic credential. Their values must not appear in messages Baton stores or
     * shows; without any of them every turn fails.
     */
    public static final List<String> SECRETS = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
            "CLAUDE_CODE_OAUTH_TOKEN");

    private ChildEnvironment() {
    }

    /** The names of the credential variables ({@link #SECRETS}) the CLI would get with a value; never the values. */
    static List<String> credentials(Map<String, String> parent, ClaudeProperties properties) {
        Map<String, String> env = build(parent, properties, Path.of(""));
        return SECRETS.stream().filter(name -> env.get(name) != null && !env.get(name).isBlank()).toList();
    }

    static Map<String, String> build(Map<String, String> parent, ClaudeProperties properties, Path configDirectory) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("CLAUDE_CONFIG_DIR", configDirectory.toAbsolutePath().toString());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", Integer.toString(properties.maxRetries()));
        env.putAll(properties.environment());
        return env;
    }
}
