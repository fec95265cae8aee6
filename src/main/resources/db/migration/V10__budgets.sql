-- Issue 17: budgets and fair use.

-- A cap per run: the CLI's --max-budget-usd. A task's cap, an execution's own (the override it was started with, or
-- what a continuation allowed), and a session's, which every turn of the session gets.
alter table tasks add column max_budget_usd numeric(12, 6);
alter table sessions add column max_budget_usd numeric(12, 6);
alter table task_executions add column max_budget_usd numeric(12, 6);
-- How often an execution cut short (max_turns, budget_exceeded, timed_out) was continued.
alter table task_executions add column continuations integer not null default 0;

-- A cap per user; null is no limit.
alter table users add column monthly_budget_usd numeric(12, 2);
alter table users add column max_concurrent_turns integer;

-- A month's spend is summed from the turns of a user's sessions.
create index session_turns_started on session_turns (started_at);

-- The fair-share queue of task executions waiting for a turn slot (see dev.baton.usage.FairShare). A row lives from
-- an execution's first request for a slot until the execution ends; granted_at is set once it holds a slot.
create table turn_slots (
    execution_id  uuid primary key references task_executions (id) on delete cascade,
    user_id       uuid         not null references users (id) on delete cascade,
    requested_at  timestamptz  not null,
    granted_at    timestamptz
);
create index turn_slots_waiting on turn_slots (user_id, requested_at) where granted_at is null;

-- What a continuation of an execution cut short says to Claude (null before the first continuation).
alter table task_executions add column continue_message text;

-- The running total_cost_usd the CLI reported last for the session's Claude conversation: a resumed turn reports the
-- conversation's total so far, so the turn's own cost is the difference.
alter table sessions add column conversation_cost_usd numeric(18, 6);

-- What each user spent per calendar month (UTC), added to as each turn's result is recorded: a monthly budget must
-- not grow back when the user deletes a session (its turns go with it). Filled from the turns stored so far.
create table user_spend (
    user_id   uuid           not null references users (id) on delete cascade,
    month     date           not null,
    cost_usd  numeric(18, 6) not null,
    primary key (user_id, month)
);
insert into user_spend (user_id, month, cost_usd)
select s.user_id, date_trunc('month', t.started_at at time zone 'UTC')::date, sum(t.cost_usd)
from session_turns t join sessions s on s.id = t.session_id
where t.cost_usd is not null
group by 1, 2;
