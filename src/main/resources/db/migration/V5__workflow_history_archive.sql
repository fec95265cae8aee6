-- The event histories of closed Temporal workflow runs, as Temporal's archival keeps them: the raw History protobuf,
-- gzip-compressed, per workflow id and run id. The embedded Temporal server keeps its state in memory only and drops
-- closed runs after BATON_EMBEDDED_TEMPORAL_RETENTION, so Baton archives each run when it closes; the history
-- endpoint serves the archive once the server no longer has the run.
create table workflow_history_archive (
    workflow_id    varchar(1000) not null,
    run_id         varchar(100)  not null,
    namespace      varchar(255)  not null,
    workflow_type  varchar(1000) not null,
    status         varchar(40)   not null,
    started_at     timestamptz   not null,
    closed_at      timestamptz   not null,
    event_count    integer       not null,
    history_gzip   bytea         not null,
    -- The task execution the run belongs to (from its memo), when there is one; its history goes with it.
    execution_id   uuid          references task_executions (id) on delete cascade,
    archived_at    timestamptz   not null,
    primary key (workflow_id, run_id)
);
create index workflow_history_archive_execution on workflow_history_archive (execution_id);
