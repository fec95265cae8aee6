-- Who holds a session's turn lease. A retried task attempt (same owner) may take over a lease its crashed
-- predecessor left behind; anyone else waits for it to run out.
alter table sessions add column turn_owner varchar(100);

-- Which attempt of a task execution produced a turn and its messages (null for interactive turns).
alter table session_turns add column attempt integer;
alter table session_messages add column attempt integer;

create table tasks (
    id                                uuid primary key,
    user_id                           uuid          not null references users (id),
    name                              varchar(200)  not null,
    description                       text,
    prompt_template                   text          not null,
    variables                         jsonb         not null default '{}',
    model                             varchar(100),
    permission_mode                   varchar(32),
    allowed_tools                     text[]        not null default '{}',
    disallowed_tools                  text[]        not null default '{}',
    working_directory                 text,
    max_turns                         integer,
    timeout_seconds                   integer       not null,
    retry_max_attempts                integer       not null,
    retry_initial_interval_seconds    integer       not null,
    retry_backoff_coefficient         double precision not null,
    retry_maximum_interval_seconds    integer       not null,
    created_at                        timestamptz   not null,
    updated_at                        timestamptz   not null,
    unique (user_id, name)
);

create table task_executions (
    id                uuid primary key,
    task_id           uuid          not null references tasks (id) on delete cascade,
    user_id           uuid          not null references users (id),
    status            varchar(16)   not null,
    trigger_type      varchar(16)   not null,
    idempotency_key   varchar(200),
    prompt            text          not null,
    variables         jsonb         not null default '{}',
    attempt           integer       not null default 0,
    session_id        uuid          references sessions (id) on delete set null,
    response          text,
    error_type        varchar(40),
    error_message     text,
    cost_usd          numeric(18, 6),
    usage             jsonb,
    duration_ms       bigint,
    workflow_id       varchar(200)  not null,
    run_id            varchar(100),
    previous_run_ids  text[]        not null default '{}',
    created_at        timestamptz   not null,
    started_at        timestamptz,
    completed_at      timestamptz,
    unique (user_id, idempotency_key)
);
create index task_executions_task_created on task_executions (task_id, created_at desc);
create index task_executions_unfinished on task_executions (status) where status in ('QUEUED', 'RUNNING');
