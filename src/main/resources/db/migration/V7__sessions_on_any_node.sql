-- Sessions on any node (issue 12): a conversation belongs to the database, not to the disk of the node that ran its
-- last turn, and a turn lease outlives its node by less than a minute.

-- The Claude CLI's files of each session's current conversation (its transcript and the files beside it), as
-- paths relative to the CLI's config directory. A file is stored as gzip parts: part 0 holds its start, each later
-- part the bytes the CLI appended after the part before. end_size and end_sha256 describe the file once the part
-- is applied, so a node can check that its copy only grew before it stores the new bytes alone.
create table session_conversation_parts (
    id          bigserial primary key,
    session_id  uuid     not null references sessions (id) on delete cascade,
    path        text     not null,
    part        integer  not null,
    end_size    bigint   not null,
    end_sha256  bytea    not null,
    content     bytea    not null,
    -- The session's conversation_version that wrote this part.
    version     bigint   not null,
    unique (session_id, path, part)
);
-- gzip output does not compress again: spare PostgreSQL the attempt.
alter table session_conversation_parts alter column content set storage external;

-- Counts the saves of the stored conversation; a node notes the version its local copy holds.
alter table sessions add column conversation_version bigint not null default 0;

-- The node whose turn holds the lease. A running node renews the leases of its turns in one statement every third of
-- the lease time; a lease not renewed runs out, and the next turn (or any node's sweep) ends the dead node's turn.
alter table sessions add column turn_node uuid;
create index session_turns_running on session_turns (session_id) where status = 'RUNNING';
