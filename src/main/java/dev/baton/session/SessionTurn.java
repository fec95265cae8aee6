package dev.baton.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One prompt and everything Claude did with it; it guards its own transition from running to finished. */
@Entity
@Table(name = "session_turns")
class SessionTurn {

    enum Status { RUNNING, COMPLETED, FAILED }

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID sessionId;

    private Integer attempt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    private String response;
    private String errorType;
    private String errorMessage;
    private BigDecimal costUsd;
    private Long durationMs;
    private Integer numTurns;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String usage;

    @Column(nullable = false)
    private int messageCount;

    @Column(nullable = false)
    private Instant startedAt;

    private Instant finishedAt;

    protected SessionTurn() {
    }

    SessionTurn(UUID sessionId, Integer attempt) {
        this.id = UUID.randomUUID();
        this.sessionId = sessionId;
        this.attempt = attempt;
        this.status = Status.RUNNING;
        this.startedAt = Instant.now();
    }

    void finish(TurnResult result) {
        if (status != Status.RUNNING) {
            throw new IllegalStateException("Turn " + id + " already finished as " + status);
        }
        this.status = result.isError() ? Status.FAILED : Status.COMPLETED;
        this.response = result.response();
        if (result.error() != null) {
            this.errorType = result.error().type();
            this.errorMessage = result.error().message();
        }
        this.costUsd = result.costUsd();
        this.durationMs = result.durationMs();
        this.numTurns = result.numTurns();
        this.usage = result.usage() == null ? null : result.usage().toString();
        this.messageCount = result.messageCount();
        this.finishedAt = Instant.now();
    }

    UUID id() {
        return id;
    }

    Status status() {
        return status;
    }
}
