package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.PermissionMode;
import dev.baton.claude.PermissionModeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A saved prompt template with its defaults and the options each execution runs with. */
@Entity
@Table(name = "tasks")
class Task {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String name;

    private String description;

    @Column(nullable = false)
    private String promptTemplate;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private Map<String, String> variables;

    private String model;

    @Convert(converter = PermissionModeConverter.class)
    private PermissionMode permissionMode;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] allowedTools;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] disallowedTools;

    private String workingDirectory;
    private Integer maxTurns;
    private BigDecimal maxBudgetUsd;

    @Column(nullable = false)
    private int timeoutSeconds;

    @Embedded
    private RetryPolicy retry;

    @Convert(converter = ApprovalMode.Column.class)
    @Column(nullable = false)
    private ApprovalMode approvalMode;

    private Integer approvalTimeoutSeconds;

    @Convert(converter = OnApprovalTimeout.Column.class)
    private OnApprovalTimeout onApprovalTimeout;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected Task() {
    }

    Task(UUID userId, TaskSpec spec) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.createdAt = Instant.now();
        apply(spec);
    }

    /** Replaces every setting; executions already made keep the prompt they were rendered with. */
    void apply(TaskSpec spec) {
        this.name = spec.name();
        this.description = spec.description();
        this.promptTemplate = spec.promptTemplate();
        this.variables = Map.copyOf(spec.variables());
        this.model = spec.model();
        this.permissionMode = spec.permissionMode();
        this.allowedTools = spec.allowedTools().toArray(String[]::new);
        this.disallowedTools = spec.disallowedTools().toArray(String[]::new);
        this.workingDirectory = spec.workingDirectory();
        this.maxTurns = spec.maxTurns();
        this.maxBudgetUsd = spec.maxBudgetUsd();
        this.timeoutSeconds = spec.timeoutSeconds();
        this.retry = spec.retry();
        this.approvalMode = spec.approvalMode();
        this.approvalTimeoutSeconds = spec.approvalTimeoutSeconds();
        this.onApprovalTimeout = spec.onApprovalTimeout();
        this.updatedAt = Instant.now();
    }

    TaskSpec spec() {
        return new TaskSpec(name, description, promptTemplate, variables, model, permissionMode, List.of(allowedTools),
                List.of(disallowedTools), workingDirectory, maxTurns, timeoutSeconds, retry, maxBudgetUsd, approvalMode,
                approvalTimeoutSeconds == null ? 0 : approvalTimeoutSeconds, onApprovalTimeout);
    }

    UUID id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
