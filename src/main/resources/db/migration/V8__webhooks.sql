-- Webhooks: where a user's execution events go, and the secret that signs them. Secrets are stored sealed
-- (AES-GCM under the key of BATON_WEBHOOKS_ENCRYPTION_KEY or the data directory), so a dump of this table alone
-- gives none away.
create table webhooks (
    id                          uuid primary key,
    user_id                     uuid          not null references users (id) on delete cascade,
    url                         text          not null,
    events                      text[]        not null,
    -- No foreign key: deleting the task must not take the webhook, and with it the deliveries already due.
    task_id                     uuid,
    description                 varchar(500),
    enabled                     boolean       not null,
    secret                      text          not null,
    -- The secret before the last rotation, which also signs deliveries until it expires.
    previous_secret             text,
    previous_secret_expires_at  timestamptz,
    consecutive_failures        integer       not null default 0,
    disabled_reason             text,
    disabled_at                 timestamptz,
    created_at                  timestamptz   not null,
    updated_at                  timestamptz   not null
);
create index webhooks_user on webhooks (user_id, created_at desc);

-- The outbox: one row per event and webhook, written in the transaction that records the execution's change, so
-- an event exists exactly when the change does. The body is kept as sent (the execution may be deleted by then).
create table webhook_deliveries (
    id                uuid primary key,
    webhook_id        uuid          not null references webhooks (id) on delete cascade,
    -- Insertion order: the events of one execution are sent in this order.
    sequence          bigint        generated always as identity,
    event_id          varchar(40)   not null,
    event_type        varchar(40)   not null,
    execution_id      uuid,
    body              text          not null,
    status            varchar(16)   not null,
    attempts          integer       not null default 0,
    last_http_status  integer,
    last_error        text,
    last_response     text,
    latency_ms        bigint,
    next_retry_at     timestamptz,
    -- When a delivery workflow was last started for it; null until one was and after a failed start, so that the
    -- recovery finds it again.
    dispatched_at     timestamptz,
    created_at        timestamptz   not null,
    finished_at       timestamptz
);
create index webhook_deliveries_webhook on webhook_deliveries (webhook_id, sequence desc);
create index webhook_deliveries_pending on webhook_deliveries (webhook_id, execution_id, sequence)
    where status = 'PENDING';
