package dev.baton.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One message of a session, in order: the raw CLI line kept whole, plus the fields clients filter on. */
@Entity
@Table(name = "session_messages")
class SessionMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private UUID sessionId;

    private UUID turnId;
    private Integer attempt;

    @Column(nullable = false)
    private long sequence;

    @Column(nullable = false)
    private String type;

    private String subtype;
    private String text;
    private String toolName;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String message;

    @Column(nullable = false)
    private Instant createdAt;

    protected SessionMessage() {
    }

    SessionMessage(UUID sessionId, UUID turnId, Integer attempt, long sequence, String type, String subtype, String text,
            String toolName, String message) {
        this.sessionId = sessionId;
        this.turnId = turnId;
        this.attempt = attempt;
        this.sequence = sequence;
        this.type = type;
        this.subtype = subtype;
        this.text = text;
        this.toolName = toolName;
        this.message = message;
        this.createdAt = Instant.now();
    }

    MessageView view() {
        return new MessageView(sequence, type, subtype, text, toolName, message, turnId, attempt, createdAt);
    }

    long sequence() {
        return sequence;
    }

    UUID turnId() {
        return turnId;
    }

    UUID sessionId() {
        return sessionId;
    }

    Integer attempt() {
        return attempt;
    }

    String type() {
        return type;
    }

    String subtype() {
        return subtype;
    }

    String text() {
        return text;
    }

    String toolName() {
        return toolName;
    }

    String message() {
        return message;
    }

    Instant createdAt() {
        return createdAt;
    }
}
