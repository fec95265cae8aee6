package dev.baton.session;

import dev.baton.NewUntilStored;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import dev.baton.claude.FailureType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import tools.jackson.databind.ObjectMapper;

/** One prompt and everything Claude did with it; it guards its own transition from running to finished. */
@Entity
@Table(name = "session_turns")
class SessionTurn extends NewUntilStored {

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
    private String errorCliMessage;
    private Integer errorApiStatus;
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
            this.errorCliMessage = result.error().cliMessage();
            this.errorApiStatus = result.error().apiStatus();
        }
        this.costUsd = result.costUsd();
        this.durationMs = result.durationMs();
        this.numTurns = result.numTurns();
        this.usage = result.usage() == null ? null : result.usage().toString();
        this.messageCount = result.messageCount();
        this.finishedAt = Instant.now();
    }

    /**
     * The stored result, as subscribers on any node receive it. It has the shape of the {@link TurnResult} the turn
     * returned; the cost comes back at the column's six decimals and the usage with jsonb's key order.
     */
    TurnResult result(ObjectMapper json) {
        if (status == Status.RUNNING) {
            throw new IllegalStateException("Turn " + id + " is still running");
        }
        TurnResult.TurnError error = errorType == null ? null
                : new TurnResult.TurnError(errorType, errorMessage, retryable(errorType), errorCliMessage, errorApiStatus);
        return new TurnResult(sessionId, id, response, status == Status.FAILED, error, cost(),
                durationMs == null ? 0 : durationMs, numTurns == null ? 0 : numTurns,
                usage == null ? null : json.readTree(usage), messageCount);
    }

    private BigDecimal cost() {
        if (costUsd == null) {
            return null;
        }
        BigDecimal stripped = costUsd.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static boolean retryable(String code) {
        FailureType type = FailureType.ofCode(code);
        return type != null && type.retryable();
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() {
        return id;
    }

    boolean finished() {
        return status != Status.RUNNING;
    }

    Status status() {
        return status;
    }

    Instant startedAt() {
        return startedAt;
    }

    Integer attempt() {
        return attempt;
    }

    TurnListing listing() {
        return new TurnListing(id, attempt, status.name().toLowerCase(java.util.Locale.ROOT), errorType, cost(),
                numTurns, startedAt, finishedAt);
    }
}
