create table users (
    id          uuid primary key,
    username    varchar(64)  not null unique,
    role        varchar(16)  not null,
    created_at  timestamptz  not null
);

-- Keys are stored as SHA-256 hashes only; the prefix lets a user tell keys apart without revealing them.
create table api_keys (
    id          uuid primary key,
    user_id     uuid         not null references users (id) on delete cascade,
    key_hash    char(64)     not null unique,
    key_prefix  varchar(16)  not null,
    label       varchar(64)  not null,
    created_at  timestamptz  not null
);

create table sessions (
    id                    uuid primary key,
    user_id               uuid          not null references users (id),
    title                 varchar(200),
    model                 varchar(100),
    permission_mode       varchar(32),
    allowed_tools         text[]        not null default '{}',
    disallowed_tools      text[]        not null default '{}',
    working_directory     text          not null,
    append_system_prompt  text,
    max_turns             integer,
    claude_session_id     varchar(100),
    -- A lease rather than a flag: a node that dies mid-turn must not lock the session forever.
    turn_lease_until      timestamptz,
    total_cost_usd        numeric(18, 6) not null default 0,
    created_at            timestamptz   not null,
    updated_at            timestamptz   not null
);
create index sessions_user_created on sessions (user_id, created_at desc);

create table session_turns (
    id             uuid primary key,
    session_id     uuid          not null references sessions (id) on delete cascade,
    status         varchar(16)   not null,
    response       text,
    error_type     varchar(32),
    error_message  text,
    cost_usd       numeric(18, 6),
    duration_ms    bigint,
    num_turns      integer,
    usage          jsonb,
    message_count  integer       not null default 0,
    started_at     timestamptz   not null,
    finished_at    timestamptz
);
create index session_turns_session on session_turns (session_id, started_at);

create table session_messages (
    id          bigserial primary key,
    session_id  uuid          not null references sessions (id) on delete cascade,
    turn_id     uuid          references session_turns (id) on delete cascade,
    sequence    bigint        not null,
    type        varchar(32)   not null,
    subtype     varchar(64),
    text        text,
    tool_name   varchar(200),
    message     jsonb         not null,
    created_at  timestamptz   not null,
    unique (session_id, sequence)
);
