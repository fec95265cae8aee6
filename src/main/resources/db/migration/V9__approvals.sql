-- Approvals: a person allows or denies a tool call that Claude asked for (approvalMode ask). One row per
-- can_use_tool request, owned by the session's user; the decision is taken here, whichever node runs the turn.
alter table sessions add column approval_mode varchar(8) not null default 'none';
alter table sessions add column approval_timeout_seconds integer;

create table approvals (
    id            uuid primary key,
    user_id       uuid          not null references users (id) on delete cascade,
    -- No foreign keys to the session, turn or execution: the record of who allowed what outlives them.
    session_id    uuid          not null,
    turn_id       uuid,
    execution_id  uuid,
    tool_name     varchar(200)  not null,
    input         jsonb         not null,
    status        varchar(16)   not null,
    created_at    timestamptz   not null,
    expires_at    timestamptz   not null,
    decided_at    timestamptz,
    -- The deciding user's id, or null when the request expired or its turn ended first.
    decided_by    uuid,
    message       text
);
create index approvals_user on approvals (user_id, created_at desc);
create index approvals_session on approvals (session_id, created_at desc);
create index approvals_pending on approvals (expires_at) where status = 'pending';
create index approvals_execution on approvals (execution_id, created_at desc) where execution_id is not null;

-- Tasks ask the same way, but nobody may be watching: the execution waits durably (status AWAITING_APPROVAL) with
-- no CLI running, and approval_id names the request it waits on, or the decided one its next turn resumes with.
alter table tasks add column approval_mode varchar(8) not null default 'none';
alter table tasks add column approval_timeout_seconds integer;
alter table tasks add column on_approval_timeout varchar(8);
alter table task_executions alter column status type varchar(24);
alter table task_executions add column approval_id uuid;
drop index task_executions_unfinished;
create index task_executions_unfinished on task_executions (status)
    where status in ('QUEUED', 'RUNNING', 'AWAITING_APPROVAL');

-- Approval requests and their decisions reach a session's live subscribers on every node, the way its messages do
-- (V4): '<session id>:approval:<approval id>' on the same channel, sent on commit.
create function notify_session_approval() returns trigger language plpgsql as $$
begin
    perform pg_notify('baton_session_messages', new.session_id::text || ':approval:' || new.id::text);
    return null;
end;
$$;

create trigger approvals_notify after insert or update of status on approvals
    for each row execute function notify_session_approval();
