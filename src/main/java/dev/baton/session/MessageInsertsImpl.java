package dev.baton.session;

import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link MessageInserts} in plain SQL; Spring Data adds it to {@link SessionMessageRepository}. */
class MessageInsertsImpl implements MessageInserts {

    private final JdbcTemplate jdbc;

    MessageInsertsImpl(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(SessionMessage m) {
        jdbc.update("insert into session_messages (session_id, turn_id, attempt, sequence, type, subtype, text, "
                        + "tool_name, message, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)",
                m.sessionId(), m.turnId(), m.attempt(), m.sequence(), m.type(), m.subtype(), m.text(), m.toolName(),
                m.message(), m.createdAt().atOffset(ZoneOffset.UTC));
    }
}
