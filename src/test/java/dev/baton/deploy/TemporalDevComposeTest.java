package dev.baton.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine in CI, so the compose stack and the image are checked by parsing: a wrong port, host or
 * credential between the services would otherwise surface only when someone runs the stack.
 */
class TemporalDevComposeTest {

    private static Map<String, Object> services;

    @BeforeAll
    static void loadCompose() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("temporal-dev.yml")));
        services = map(compose.get("services"));
    }

    @Test
    void runsTemporalPostgresAndBaton() {
        assertThat(services).containsKeys("temporal", "postgres", "baton");
    }

    @Test
    void temporalPublishesItsFrontendAndWebUi() {
        assertThat(publishedPorts("temporal")).containsEntry(7233, 7233).containsEntry(8233, 8233);
    }

    @Test
    void batonIsBuiltFromThisRepositoryAndPublishesItsApi() {
        assertThat(service("baton").get("build")).isEqualTo(".");
        assertThat(publishedPorts("baton")).containsEntry(8080, 8080);
    }

    @Test
    void batonStartsOnlyAfterTemporalAndPostgresAreHealthy() {
        Map<String, Object> dependsOn = map(service("baton").get("depends_on"));
        assertThat(dependsOn).containsOnlyKeys("temporal", "postgres");
        dependsOn.values().forEach(dependency ->
                assertThat(map(dependency)).containsEntry("condition", "service_healthy"));
    }

    @Test
    void batonReachesTemporalByServiceNameOnItsFrontendPort() {
        String target = environment("baton").get("BATON_TEMPORAL_TARGET");
        assertThat(target).isEqualTo("temporal:" + containerPortPublishedAs("temporal", 7233));
        assertThat(services).containsKey(target.substring(0, target.indexOf(':')));
    }

    @Test
    void batonUsesThePostgresServiceWithItsDatabaseAndCredentials() {
        Map<String, String> baton = environment("baton");
        Map<String, String> postgres = environment("postgres");
        URI url = URI.create(baton.get("SPRING_DATASOURCE_URL").replaceFirst("^jdbc:", ""));

        assertThat(url.getScheme()).isEqualTo("postgresql");
        assertThat(url.getHost()).isEqualTo("postgres");
        assertThat(url.getPort()).isEqualTo(5432);
        assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(baton.get("SPRING_DATASOURCE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(baton.get("SPRING_DATASOURCE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    @Test
    void everyServiceHasAHealthcheck() {
        services.keySet().forEach(name -> {
            Map<String, Object> healthcheck = map(service(name).get("healthcheck"));
            assertThat(healthcheck).as(name).isNotNull();
            assertThat(healthcheck.get("test")).as(name).asString().isNotBlank();
        });
    }

    @Test
    void commitsNoSecretsAndRequiresTheAdminKey() {
        Map<String, String> baton = environment("baton");
        assertThat(baton.get("BATON_ADMIN_API_KEY")).startsWith("${BATON_ADMIN_API_KEY:?").endsWith("}");
        assertThat(baton.get("ANTHROPIC_API_KEY")).matches("\\$\\{ANTHROPIC_API_KEY(:-)?}");
        for (String name : List.of("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CODE_OAUTH_TOKEN")) {
            assertThat(baton.get(name)).as(name).satisfiesAnyOf(
                    value -> assertThat(value).isNull(),
                    value -> assertThat(value).matches("\\$\\{" + name + "(:-)?}"));
        }
    }

    @Test
    void dockerfileBuildsInOneStageAndRunsTheJarAsNonRootInAnother() throws IOException {
        List<List<String>> stages = DockerfileStages.read(Path.of("Dockerfile"));
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        assertThat(stages.getFirst()).anyMatch(line -> line.startsWith("RUN") && line.contains("./mvnw")
                && line.contains("package"));

        List<String> runtime = stages.getLast();
        assertThat(runtime).anyMatch(line -> line.matches("COPY --from=\\S+ \\S*\\.claude-cli \\S*\\.claude-cli/?"));
        assertThat(runtime).filteredOn(line -> line.startsWith("USER ")).last()
                .satisfies(user -> assertThat(user.substring(5).trim()).isNotIn("root", "0", "0:0"));
        String entrypoint = runtime.stream().filter(line -> line.startsWith("ENTRYPOINT ")).reduce((a, b) -> b)
                .orElseThrow().substring("ENTRYPOINT ".length());
        assertThat((Object) new Yaml().load(entrypoint)).as("exec form").isInstanceOf(List.class)
                .isEqualTo(List.of("java", "--sun-misc-unsafe-memory-access=allow", "-jar", "/opt/baton/baton.jar"));
    }

    /** The image runs with the JVM options that spring-boot:run and the benchmark use, so the figures are its. */
    @Test
    void theImageRunsWithThePomsJvmOptions() throws IOException {
        Matcher pom = Pattern.compile("<baton\\.jvm\\.options>([^<]+)</baton\\.jvm\\.options>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).as("baton.jvm.options in the pom").isTrue();

        List<String> runtime = DockerfileStages.read(Path.of("Dockerfile")).getLast();

        assertThat(runtime).contains("ENV JDK_JAVA_OPTIONS=\"" + pom.group(1).strip() + "\"");
    }

    private static Map<String, Object> service(String name) {
        return map(services.get(name));
    }

    /** published host port to container port; accepts "[ip:]host:container[/proto]" and the long syntax. */
    private static Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object port : (List<?>) service(name).get("ports")) {
            if (port instanceof Map<?, ?> longSyntax) {
                ports.put(Integer.valueOf(String.valueOf(longSyntax.get("published"))),
                        Integer.valueOf(String.valueOf(longSyntax.get("target"))));
            } else {
                String[] parts = String.valueOf(port).replaceFirst("/\\w+$", "").split(":");
                ports.put(Integer.valueOf(parts[parts.length - 2]), Integer.valueOf(parts[parts.length - 1]));
            }
        }
        return ports;
    }

    private static int containerPortPublishedAs(String name, int hostPort) {
        Integer containerPort = publishedPorts(name).get(hostPort);
        assertThat(containerPort).as(name + " publishes " + hostPort).isNotNull();
        return containerPort;
    }

    /** Both compose forms: a list of "KEY=value" (or bare "KEY") and a map; a bare key has a null value. */
    private static Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] pair = String.valueOf(entry).split("=", 2);
                result.put(pair[0], pair.length == 2 ? pair[1] : null);
            }
        } else {
            map(environment).forEach((key, value) -> result.put(key, value == null ? null : String.valueOf(value)));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    /** The Dockerfile's instructions, continuation lines joined and comments dropped, split at each FROM. */
    private static final class DockerfileStages {

        static List<List<String>> read(Path dockerfile) throws IOException {
            List<List<String>> stages = new ArrayList<>();
            StringBuilder instruction = new StringBuilder();
            for (String line : Files.readAllLines(dockerfile)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || trimmed.isEmpty() && instruction.isEmpty()) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    instruction.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                String complete = instruction.append(trimmed).toString().strip().replaceAll("\\s+", " ");
                instruction.setLength(0);
                if (complete.startsWith("FROM ")) {
                    stages.add(new ArrayList<>());
                }
                if (!stages.isEmpty() && !complete.isEmpty()) {
                    stages.getLast().add(complete);
                }
            }
            return stages;
        }
    }
}
