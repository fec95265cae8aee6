-- Temporal holds each timetable; this copy lets Baton put a schedule back when the embedded Temporal server,
-- which keeps its state in memory, has lost it after a restart.
create table task_schedules (
    task_id     uuid primary key references tasks (id) on delete cascade,
    user_id     uuid        not null references users (id),
    spec        jsonb       not null,
    updated_at  timestamptz not null
);
