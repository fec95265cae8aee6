package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.RepositoryTest;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** recordRunId against PostgreSQL: the first run id sticks, so a retried activity cannot overwrite it. */
@RepositoryTest
class ExecutionRepositoryTest {

    @Autowired
    private ExecutionRepository executions;
    @Autowired
    private DataSource dataSource;

    private RepositoryTest.Rows rows;
    private UUID execution;

    @BeforeEach
    void anExecution() {
        rows = new RepositoryTest.Rows(dataSource);
        UUID user = rows.user();
        UUID task = UUID.randomUUID();
        rows.jdbc().update("""
                insert into tasks (id, user_id, name, prompt_template, timeout_seconds, retry_max_attempts,
                    retry_initial_interval_seconds, retry_backoff_coefficient, retry_maximum_interval_seconds,
                    created_at, updated_at)
                values (?, ?, 'nightly', 'hello', 600, 3, 10, 2.0, 300, now(), now())""", task, user);
        execution = UUID.randomUUID();
        rows.jdbc().update("""
                insert into task_executions (id, task_id, user_id, status, trigger_type, prompt, workflow_id,
                    created_at)
                values (?, ?, ?, 'QUEUED', 'MANUAL', 'hello', ?, now())""", execution, task, user,
                "execution-" + execution);
    }

    private String runId() {
        return rows.jdbc().queryForObject("select run_id from task_executions where id = ?", String.class, execution);
    }

    @Test
    void recordRunIdSetsTheFirstRunId() {
        assertThat(executions.recordRunId(execution, "run-1")).isOne();

        assertThat(runId()).isEqualTo("run-1");
    }

    @Test
    void recordRunIdKeepsARunIdAlreadyRecorded() {
        executions.recordRunId(execution, "run-1");

        assertThat(executions.recordRunId(execution, "run-2")).isZero();
        assertThat(runId()).isEqualTo("run-1");
    }

    @Test
    void recordRunIdOfAnUnknownExecutionChangesNothing() {
        assertThat(executions.recordRunId(UUID.randomUUID(), "run-1")).isZero();
    }
}
