package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flags, shell metacharacters and path traversal through every value a user gives Baton for the CLI: the prompt,
 * task variables, model, tool names, appendSystemPrompt and working directory. What the fake CLI actually received
 * (its argv and stdin, written under the session's CLAUDE_CONFIG_DIR) shows that none took effect: the argv is
 * exactly Baton's own flags with each user value as the one element after its flag, the prompt arrives only on
 * stdin, no canary file that a shell would have created exists, and the CLI's working directory is inside the
 * workspace root. Values that would be read as a flag are refused with a 400 naming the field.
 */
class InjectionTest extends SecurityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path CANARIES = tempDir("baton-canaries-");
    private static final Map<String, Integer> COUNTS = new LinkedHashMap<>();

    private Http http;
    private String key;

    @BeforeEach
    void user() {
        http = new Http(port);
        key = newUser().key();
    }

    /** Each shell trick a value could carry, each aimed at a canary file of its own. */
    private static String shellTricks(String where) {
        String c = CANARIES + "/" + where;
        return "$(touch " + c + "-subst) `touch " + c + "-backtick` ; touch " + c + "-semicolon | touch " + c
                + "-pipe && touch " + c + "-and\ntouch " + c + "-newline";
    }

    private static final String FLAGS = "--dangerously-skip-permissions\n-p\n--permission-mode bypassPermissions";

    @Test
    void sessionValuesReachTheCliOnlyAsTextAfterTheirOwnFlags() throws IOException {
        // A tool name is at most 200 characters, so each carries a short trick.
        List<String> allowed = List.of("Bash(echo $(touch " + CANARIES + "/tool-subst))",
                "Read `touch " + CANARIES + "/tool-backtick`", "Read ; rm -rf ~");
        List<String> disallowed = List.of("Write && touch " + CANARIES + "/tool-and", "Edit | sh");
        String system = FLAGS + "\n" + shellTricks("system");
        var created = http.send(key, "POST", "/api/v1/sessions", Map.of("model", "sonnet", "allowedTools", allowed,
                "disallowedTools", disallowed, "appendSystemPrompt", system,
                "workingDirectory", "inj-$(touch " + CANARIES + "-cwd);x"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String session = created.json().path("id").asString();
        String prompt = FLAGS + "\n" + shellTricks("prompt") + "\n[[scenario:echo]]";

        var reply = http.send(key, "POST", "/api/v1/sessions/" + session + "/query", Map.of("message", prompt));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertArgv(session, List.of("--model", "sonnet", "--allowedTools", String.join(",", allowed),
                "--disallowedTools", String.join(",", disallowed), "--append-system-prompt", system));
        assertStdin(session, prompt);
        assertCwdInsideTheRoot(session);
        COUNTS.merge("ran", 1, Integer::sum);
    }

    @Test
    void webSocketPromptReachesTheCliOnlyOnStdin() {
        String session = http.send(key, "POST", "/api/v1/sessions", Map.of()).json().path("id").asString();
        String prompt = FLAGS + "\n" + shellTricks("ws");
        try (Socket socket = new Socket(port, "/ws/sessions/" + session, key)) {
            socket.sendText(JSON.writeValueAsString(Map.of("type", "query", "message", prompt)));
            JsonNode frame;
            do {
                frame = socket.next();
            } while (frame.path("type").asString().equals("message"));
            assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo("result");
        }
        assertArgv(session, List.of());
        assertStdin(session, prompt);
        assertCwdInsideTheRoot(session);
        COUNTS.merge("ran", 1, Integer::sum);
    }

    @Test
    void taskTemplateAndVariablesReachTheCliOnlyOnStdin() {
        String template = "Deploy {{service}} to {{env}}; " + shellTricks("template");
        var task = http.send(key, "POST", "/api/v1/tasks", Map.of("name", "inject-" + UUID.randomUUID(),
                "promptTemplate", template, "variables", Map.of("env", FLAGS + " " + shellTricks("default")),
                "model", "claude-sonnet-4-5", "allowedTools", List.of("Bash(git log:*) $(touch " + CANARIES + "/tool)"),
                "retry", Map.of("maxAttempts", 1)));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String service = "{{env}} " + FLAGS + " " + shellTricks("variable");

        String execution = http.send(key, "POST", "/api/v1/tasks/" + task.json().path("id").asString() + "/execute",
                Map.of("variables", Map.of("service", service))).json().path("executionId").asString();
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                () -> http.send(key, "GET", "/api/v1/executions/" + execution, null).json(),
                e -> e.path("status").asString().equals("completed"));

        String session = done.path("sessionId").asString();
        assertArgv(session, List.of("--model", "claude-sonnet-4-5", "--allowedTools",
                "Bash(git log:*) $(touch " + CANARIES + "/tool)"));
        assertStdin(session, "Deploy " + service + " to " + FLAGS + " " + shellTricks("default") + "; "
                + shellTricks("template"));
        assertCwdInsideTheRoot(session);
        COUNTS.merge("ran", 1, Integer::sum);
    }

    static Stream<Map.Entry<String, Object>> flagValues() {
        return Stream.of(Map.entry("model", "--dangerously-skip-permissions"), Map.entry("model", "-p"),
                Map.entry("model", "--permission-mode=bypassPermissions"), Map.entry("model", "sonnet --verbose"),
                Map.entry("model", "sonnet;rm -rf ~"), Map.entry("model", "$(touch " + CANARIES + "/model)"),
                Map.entry("allowedTools", List.of("--dangerously-skip-permissions")),
                Map.entry("allowedTools", List.of("Read", "-p")),
                Map.entry("disallowedTools", List.of("Bash,--permission-mode")),
                Map.entry("disallowedTools", List.of("Bash\n--dangerously-skip-permissions")),
                Map.entry("permissionMode", "bypassPermissions"),
                Map.entry("workingDirectory", "../.."), Map.entry("workingDirectory", "a/../../../etc"),
                Map.entry("workingDirectory", "/tmp"), Map.entry("workingDirectory", "bad\u0000name"));
    }

    @Test
    void valuesThatWouldBeReadAsFlagsOrLeaveTheRootAreRefusedByName() {
        int refused = 0;
        for (var value : flagValues().toList()) {
            for (String endpoint : List.of("/api/v1/sessions", "/api/v1/tasks")) {
                Map<String, Object> body = new LinkedHashMap<>();
                if (endpoint.endsWith("tasks")) {
                    body.put("name", "refused-" + UUID.randomUUID());
                    body.put("promptTemplate", "hi");
                }
                body.put(value.getKey(), value.getValue());
                var reply = http.send(key, "POST", endpoint, body);
                assertThat(reply.status()).as(value + " " + reply).isEqualTo(400);
                assertThat(reply.isProblem()).isTrue();
                assertThat(reply.json().path("errors").valueStream().map(e -> e.path("field").asString()))
                        .as(value + " " + reply).anyMatch(f -> f.startsWith(value.getKey()));
                refused++;
            }
        }
        assertThat(http.send(key, "GET", "/api/v1/sessions", null).json().path("totalItems").asLong()).isZero();
        assertThat(http.send(key, "GET", "/api/v1/tasks", null).json().path("totalItems").asLong()).isZero();
        COUNTS.merge("refused", refused, Integer::sum);
    }

    /** The workflow files written before startup (see {@link SecurityTest}): only the harmless one became a task. */
    @Test
    void workflowFilesWithFlagValuesAreSkipped() {
        List<String> names = http.send(ADMIN_KEY, "GET", "/api/v1/tasks?size=100", null).json().path("items")
                .valueStream().map(t -> t.path("name").asString()).toList();
        assertThat(names).contains("harmless-file").doesNotContain("flag-model-file", "flag-tool-file");
        COUNTS.merge("refused", 2, Integer::sum);
    }

    /** A directory swapped for a symlink after the session was made must not take the next turn out of the root. */
    @Test
    void aWorkingDirectorySwappedForASymlinkOutOfTheRootIsRefusedAtTheTurn() throws IOException {
        var created = http.send(key, "POST", "/api/v1/sessions", Map.of("workingDirectory", "swap-" + UUID.randomUUID()));
        String session = created.json().path("id").asString();
        Path directory = Path.of(created.json().path("workingDirectory").asString());
        Files.delete(directory);
        Path outside = Files.createDirectories(CANARIES.resolve("outside"));
        Files.createSymbolicLink(directory, outside);

        var reply = http.send(key, "POST", "/api/v1/sessions/" + session + "/query", Map.of("message", "where am I?"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().path("errors").get(0).path("field").asString()).isEqualTo("workingDirectory");
        assertThat(configDir(session).resolve("fake-claude-args.txt")).doesNotExist();
        assertThat(http.send(key, "GET", "/api/v1/sessions/" + session + "/messages", null).json().size()).isZero();
        COUNTS.merge("refused", 1, Integer::sum);
    }

    @AfterAll
    static void noCanaryExistsAndReport() throws IOException {
        List<Path> canaries;
        try (var files = Files.walk(CANARIES)) {
            canaries = files.filter(Files::isRegularFile).toList();
        }
        List<Path> stray;
        try (var files = Files.list(CANARIES.getParent())) {
            stray = files.filter(p -> p.getFileName().toString().startsWith(CANARIES.getFileName() + "-")).toList();
        }
        report("injection", counts("ran", n("ran"), "refused", n("refused"), "argvChecked", n("argvChecked"),
                "argvInjected", n("argvInjected"), "stdinChecked", n("stdinChecked"), "promptInArgv", n("promptInArgv"),
                "cwdChecked", n("cwdChecked"), "cwdOutsideRoot", n("cwdOutsideRoot"),
                "canaryFiles", canaries.size() + stray.size()));
        assertThat(canaries).isEmpty();
        assertThat(stray).isEmpty();
        assertThat(n("argvInjected") + n("promptInArgv") + n("cwdOutsideRoot")).isZero();
    }

    private static int n(String key) {
        return COUNTS.getOrDefault(key, 0);
    }

    /** The argv is Baton's fixed flags plus exactly {@code userFlags}: nothing added, nothing split. */
    private void assertArgv(String session, List<String> userFlags) {
        List<String> expected = new ArrayList<>(List.of("-p", "--output-format", "stream-json", "--verbose"));
        expected.addAll(userFlags);
        String written = read(configDir(session).resolve("fake-claude-args.txt"));
        // The fake writes one element per line, so an element holding a newline spans lines; comparing the whole
        // text against the expected elements still tells one element from two.
        String wanted = String.join("\n", expected) + "\n";
        COUNTS.merge(written.equals(wanted) ? "argvChecked" : "argvInjected", 1, Integer::sum);
        assertThat(written).isEqualTo(wanted);
    }

    /** The prompt is exactly what the CLI read on stdin, and none of its lines is in the argv. */
    private void assertStdin(String session, String prompt) {
        assertThat(read(configDir(session).resolve("fake-claude-stdin.txt"))).isEqualTo(prompt);
        String args = read(configDir(session).resolve("fake-claude-args.txt"));
        String marker = prompt.lines().filter(l -> l.contains("touch")).findFirst().orElseThrow();
        COUNTS.merge(args.contains(marker) ? "promptInArgv" : "stdinChecked", 1, Integer::sum);
        assertThat(args).doesNotContain(marker);
    }

    /** The CLI's own report of its working directory (the init message's cwd): inside the real workspace root. */
    private void assertCwdInsideTheRoot(String session) {
        JsonNode init = http.send(key, "GET", "/api/v1/sessions/" + session + "/messages", null).json().valueStream()
                .filter(m -> m.path("type").asString().equals("system")).findFirst().orElseThrow();
        Path cwd = Path.of(init.path("message").path("cwd").asString());
        boolean inside = cwd.startsWith(dataDir().resolve("workspaces"));
        COUNTS.merge(inside ? "cwdChecked" : "cwdOutsideRoot", 1, Integer::sum);
        assertThat(cwd).startsWith(dataDir().resolve("workspaces"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
