package dev.baton.approval;

import dev.baton.NewUntilStored;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One tool call Claude asked to make, and what a person (or the clock) decided about it. */
@Entity
@Table(name = "approvals")
class Approval extends NewUntilStored {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private UUID sessionId;

    private UUID turnId;
    private UUID executionId;

    @Column(nullable = false)
    private String toolName;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String input;

    @Convert(converter = ApprovalStatus.Column.class)
    @Column(nullable = false)
    private ApprovalStatus status;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant decidedAt;
    private UUID decidedBy;
    private String message;

    protected Approval() {
    }

    Approval(UUID userId, UUID sessionId, UUID turnId, UUID executionId, String toolName, String input,
            Instant now, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.sessionId = sessionId;
        this.turnId = turnId;
        this.executionId = executionId;
        this.toolName = toolName;
        this.input = input;
        this.status = ApprovalStatus.PENDING;
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    UUID sessionId() {
        return sessionId;
    }

    ApprovalStatus status() {
        return status;
    }

    Instant createdAt() {
        return createdAt;
    }

    ApprovalView view() {
        return new ApprovalView(id, sessionId, turnId, executionId, toolName, input, status, createdAt, expiresAt,
                decidedAt, decidedBy, message);
    }
}
