package dev.baton.session;

import dev.baton.NewUntilStored;
import dev.baton.approval.ApprovalMode;
import dev.baton.claude.PermissionMode;
import dev.baton.claude.PermissionModeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A conversation with Claude Code, owned by one user, resumed turn after turn through its Claude session id. */
@Entity
@Table(name = "sessions")
class Session extends NewUntilStored {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    private String title;
    private String model;

    @Convert(converter = PermissionModeConverter.class)
    private PermissionMode permissionMode;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] allowedTools;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] disallowedTools;

    @Column(nullable = false)
    private String workingDirectory;

    private String appendSystemPrompt;
    private Integer maxTurns;
    private BigDecimal maxBudgetUsd;
    private String claudeSessionId;

    @Convert(converter = ApprovalMode.Column.class)
    @Column(nullable = false)
    private ApprovalMode approvalMode;

    private Integer approvalTimeoutSeconds;

    // Written only by the lease queries of SessionRepository; read here to show who runs the session's turn.
    @Column(insertable = false, updatable = false)
    private String turnOwner;

    @Column(insertable = false, updatable = false)
    private Instant turnLeaseUntil;

    @Column(nullable = false)
    private BigDecimal totalCostUsd;

    private BigDecimal conversationCostUsd;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected Session() {
    }

    Session(UUID id, UUID userId, SessionSettings settings, String workingDirectory) {
        this.id = id;
        this.userId = userId;
        this.title = settings.title();
        this.model = settings.model();
        this.permissionMode = settings.permissionMode();
        this.allowedTools = settings.allowedTools().toArray(String[]::new);
        this.disallowedTools = settings.disallowedTools().toArray(String[]::new);
        this.workingDirectory = workingDirectory;
        this.appendSystemPrompt = settings.appendSystemPrompt();
        this.maxTurns = settings.maxTurns();
        this.maxBudgetUsd = settings.maxBudgetUsd();
        this.approvalMode = settings.approvalMode();
        this.approvalTimeoutSeconds = settings.approvalTimeoutSeconds();
        this.totalCostUsd = BigDecimal.ZERO;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** Claude assigns its own session id on the first turn; later turns resume it. */
    void rememberClaudeSession(String claudeId) {
        if (claudeId != null && !claudeId.equals(claudeSessionId)) {
            this.claudeSessionId = claudeId;
            this.updatedAt = Instant.now();
        }
    }

    /**
     * A continuation of the session's conversation may run with other limits than its earlier turns; a null leaves
     * that limit as it was.
     */
    void continueWith(Integer newMaxTurns, BigDecimal newMaxBudgetUsd) {
        if (newMaxTurns != null) {
            maxTurns = newMaxTurns;
        }
        if (newMaxBudgetUsd != null) {
            maxBudgetUsd = newMaxBudgetUsd;
        }
        updatedAt = Instant.now();
    }

    /**
     * The part of a turn's reported {@code total_cost_usd} that the turn itself spent. The CLI keeps a running total
     * in the conversation's transcript, so a resumed turn reports the conversation's cost so far (0.05, 0.10, 0.15
     * for three like turns); a turn that started a conversation reports its own.
     */
    BigDecimal turnCost(BigDecimal reported, boolean resumed) {
        if (reported == null) {
            return null;
        }
        BigDecimal before = resumed && conversationCostUsd != null ? conversationCostUsd : BigDecimal.ZERO;
        conversationCostUsd = reported;
        BigDecimal own = reported.subtract(before);
        return own.signum() < 0 ? reported : own;
    }

    void addCost(BigDecimal cost) {
        if (cost != null) {
            totalCostUsd = totalCostUsd.add(cost);
        }
        updatedAt = Instant.now();
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

    String title() {
        return title;
    }

    String model() {
        return model;
    }

    PermissionMode permissionMode() {
        return permissionMode;
    }

    List<String> allowedTools() {
        return List.of(allowedTools);
    }

    List<String> disallowedTools() {
        return List.of(disallowedTools);
    }

    String workingDirectory() {
        return workingDirectory;
    }

    String appendSystemPrompt() {
        return appendSystemPrompt;
    }

    Integer maxTurns() {
        return maxTurns;
    }

    BigDecimal maxBudgetUsd() {
        return maxBudgetUsd;
    }

    String claudeSessionId() {
        return claudeSessionId;
    }

    ApprovalMode approvalMode() {
        return approvalMode;
    }

    Integer approvalTimeoutSeconds() {
        return approvalTimeoutSeconds;
    }

    /** Who holds the session's turn lease now, or null when nobody does (or the holder's lease ran out). */
    String activeTurnOwner(Instant now) {
        return turnLeaseUntil != null && turnLeaseUntil.isAfter(now) ? turnOwner : null;
    }

    BigDecimal totalCostUsd() {
        return totalCostUsd;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
