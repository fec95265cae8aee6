-- Live streaming across nodes. Every committed message and every finished turn is announced on one channel;
-- each node's listener then has its subscribers read the table after their last sequence. The triggers fire in
-- the writing transaction, so the announcement goes out on commit and no writer can forget it.
-- Payloads: '<session id>:<sequence>' for a message, '<session id>:turn:<turn id>' for a turn's end.
create function notify_session_message() returns trigger language plpgsql as $$
begin
    perform pg_notify('baton_session_messages', new.session_id::text || ':' || new.sequence::text);
    return null;
end;
$$;

create trigger session_messages_notify after insert on session_messages
    for each row execute function notify_session_message();

create function notify_session_turn_finished() returns trigger language plpgsql as $$
begin
    perform pg_notify('baton_session_messages', new.session_id::text || ':turn:' || new.id::text);
    return null;
end;
$$;

create trigger session_turns_notify after update of status on session_turns
    for each row when (old.status = 'RUNNING' and new.status <> 'RUNNING')
    execute function notify_session_turn_finished();
