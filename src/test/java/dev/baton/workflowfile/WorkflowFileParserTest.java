package dev.baton.workflowfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.claude.PermissionMode;
import dev.baton.schedule.OverlapPolicy;
import dev.baton.schedule.ScheduleSpec;
import dev.baton.task.RetryPolicy;
import dev.baton.task.TaskRequest;
import dev.baton.task.TaskSpec;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class WorkflowFileParserTest {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    // The application's mapper also fails on unknown properties (spring.jackson.deserialization).
    private final WorkflowFileParser parser = new WorkflowFileParser(
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(),
            VALIDATION.getValidator());

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    private WorkflowFile parse(String yaml) {
        return parser.parse(new StringReader(yaml), "workflows/test.yaml");
    }

    @Test
    void parsesTaskAndScheduleWithEveryField() {
        WorkflowFile file = parse("""
                name: k8s-health-check
                description: Checks the cluster
                promptTemplate: |
                  Check the {{namespace}} namespace
                variables: {namespace: default}
                model: sonnet
                permissionMode: acceptEdits
                allowedTools: ["Bash(kubectl get:*)", "Bash(kubectl describe:*)"]
                disallowedTools: [Write]
                workingDirectory: k8s
                maxTurns: 20
                timeoutSeconds: 900
                retry: {maxAttempts: 4, initialIntervalSeconds: 30, backoffCoefficient: 2.5, maximumIntervalSeconds: 600}
                schedule:
                  cron: "*/15 * * * *"
                  timezone: Europe/Berlin
                  overlapPolicy: buffer_one
                  variables: {namespace: prod}
                  paused: true
                  note: not yet
                """);

        assertThat(file.task()).isEqualTo(new TaskSpec("k8s-health-check", "Checks the cluster",
                "Check the {{namespace}} namespace\n", Map.of("namespace", "default"), "sonnet",
                PermissionMode.ACCEPT_EDITS, List.of("Bash(kubectl get:*)", "Bash(kubectl describe:*)"),
                List.of("Write"), "k8s", 20, 900, new RetryPolicy(4, 30, 2.5, 600)));
        assertThat(file.schedule()).isEqualTo(new ScheduleSpec("*/15 * * * *", null, "Europe/Berlin",
                OverlapPolicy.BUFFER_ONE, Map.of("namespace", "prod"), true, "not yet"));
    }

    @Test
    void appliesTheApiDefaultsAndHasNoScheduleWithoutASection() {
        WorkflowFile file = parse("""
                name: minimal
                promptTemplate: Say hello
                """);

        assertThat(file.task().timeoutSeconds()).isEqualTo(TaskRequest.DEFAULT_TIMEOUT_SECONDS);
        assertThat(file.task().retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(file.schedule()).isNull();
    }

    @Test
    void readsAnIntervalScheduleWithDefaults() {
        WorkflowFile file = parse("""
                name: tick
                promptTemplate: Say hello
                schedule:
                  intervalSeconds: 900
                """);

        assertThat(file.schedule()).isEqualTo(new ScheduleSpec(null, 900L, "UTC", OverlapPolicy.SKIP, Map.of(),
                false, null));
    }

    @Test
    void namesTheFileLineAndFieldOfAValueTheApiWouldRefuse() {
        assertThatThrownBy(() -> parse("""
                name: too-quick
                description: fine
                promptTemplate: Say hello
                variables: {}
                maxTurns: 3
                timeoutSeconds: 5
                """))
                .isInstanceOf(WorkflowFileException.class)
                .hasMessage("workflows/test.yaml line 6: timeoutSeconds: must be greater than or equal to 10");
    }

    @Test
    void pointsAtNestedFieldsAndListItems() {
        assertThatThrownBy(() -> parse("""
                name: nested
                promptTemplate: Say hello
                allowedTools:
                  - Bash
                  - ",bad"
                retry:
                  initialIntervalSeconds: 30
                  maxAttempts: 0
                """))
                .hasMessageContaining("workflows/test.yaml")
                .hasMessageContaining("line 5: allowedTools[1]: must be a tool name")
                .hasMessageContaining("line 8: retry.maxAttempts: must be greater than or equal to 1");
    }

    @Test
    void reportsTheLineOfAYamlSyntaxError() {
        assertThatThrownBy(() -> parse("""
                name: broken
                promptTemplate: Say hello
                allowedTools: [Bash, Read
                maxTurns: 3
                """))
                .hasMessageStartingWith("workflows/test.yaml line 4: invalid YAML:");
    }

    @Test
    void refusesCronAndIntervalTogetherAtTheCronLine() {
        assertThatThrownBy(() -> parse("""
                name: both
                promptTemplate: Say hello
                schedule:
                  intervalSeconds: 60
                  cron: "* * * * *"
                """))
                .hasMessage("workflows/test.yaml line 5: schedule.cron: give either cron or intervalSeconds, not both");
    }

    @Test
    void namesAnUnknownField() {
        assertThatThrownBy(() -> parse("""
                name: typo
                promptTemplate: Say hello
                timeout: 60
                """))
                .hasMessageStartingWith("workflows/test.yaml line 3: timeout: unknown field");
    }

    @Test
    void namesAnUnknownFieldInTheSchedule() {
        assertThatThrownBy(() -> parse("""
                name: typo
                promptTemplate: Say hello
                schedule:
                  cron: "@daily"
                  pause: true
                """))
                .hasMessageStartingWith("workflows/test.yaml line 5: schedule.pause: unknown field");
    }

    @Test
    void refusesAnUnknownOverlapPolicyWithTheAcceptedOnes() {
        assertThatThrownBy(() -> parse("""
                name: overlap
                promptTemplate: Say hello
                schedule:
                  cron: "@daily"
                  overlapPolicy: queue
                """))
                .hasMessageContaining("line 5: schedule.overlapPolicy:")
                .hasMessageContaining("skip, buffer_one");
    }

    @Test
    void refusesAScheduleThatLeavesAPlaceholderWithoutAValue() {
        assertThatThrownBy(() -> parse("""
                name: missing
                promptTemplate: Check {{namespace}}
                schedule:
                  cron: "@hourly"
                  variables: {cluster: prod}
                """))
                .hasMessage("workflows/test.yaml line 5: schedule.variables: no value for namespace; scheduled runs "
                        + "need one here or in the task's variables");
    }

    @Test
    void refusesADuplicateKey() {
        assertThatThrownBy(() -> parse("""
                name: twice
                promptTemplate: Say hello
                name: again
                """))
                .hasMessage("workflows/test.yaml line 3: name: appears more than once");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# only a comment\n"})
    void refusesAnEmptyFile(String yaml) {
        assertThatThrownBy(() -> parse(yaml)).hasMessage("workflows/test.yaml line 1: the file is empty; it must "
                + "declare a task");
    }

    @Test
    void readsPlainScalarsAsYaml12SoNorwayStaysText() {
        WorkflowFile file = parse("""
                name: scalars
                promptTemplate: "{{country}} at {{time}}"
                variables: {country: NO, time: 9:30}
                """);

        assertThat(file.task().variables()).containsEntry("country", "NO").containsEntry("time", "9:30");
    }

    @Test
    void readsCoreSchemaNumbers() {
        WorkflowFile file = parse("""
                name: numbers
                promptTemplate: hello
                maxTurns: 0x10
                timeoutSeconds: 0o1750
                retry: {backoffCoefficient: 2.5e0}
                """);

        assertThat(file.task().maxTurns()).isEqualTo(16);
        assertThat(file.task().timeoutSeconds()).isEqualTo(1000);
        assertThat(file.task().retry().backoffCoefficient()).isEqualTo(2.5);
    }

    @Test
    void refusesTextWhereANumberBelongsNamingTheLine() {
        assertThatThrownBy(() -> parse("""
                name: numbers
                promptTemplate: hello
                maxTurns: ten
                """))
                .isInstanceOf(WorkflowFileException.class)
                .hasMessageStartingWith("workflows/test.yaml line 3: maxTurns: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s-health-check.yaml", "weekly-report.yaml"})
    void theShippedExamplesParseAndArePaused(String name) {
        WorkflowFile file = parser.parse(Path.of("workflows", name), "workflows/" + name);

        assertThat(file.task().name()).isEqualTo(name.replace(".yaml", ""));
        assertThat(file.schedule()).isNotNull();
        assertThat(file.schedule().paused()).isTrue();
        assertThat(file.schedule().note()).isNotBlank();
    }
}
