package dev.baton.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
class User {

    @Id
    private UUID id;

    @Column(nullable = false, unique = true)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;

    @Column(nullable = false)
    private Instant createdAt;

    private BigDecimal monthlyBudgetUsd;
    private Integer maxConcurrentTurns;

    protected User() {
    }

    User(String username, Role role) {
        this(username, role, UserLimits.NONE);
    }

    User(String username, Role role, UserLimits limits) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.role = role;
        this.createdAt = Instant.now();
        limit(limits);
    }

    /** Replaces both limits; a null one is no limit. */
    void limit(UserLimits limits) {
        this.monthlyBudgetUsd = limits.monthlyBudgetUsd();
        this.maxConcurrentTurns = limits.maxConcurrentTurns();
    }

    UserLimits limits() {
        return new UserLimits(monthlyBudgetUsd, maxConcurrentTurns);
    }

    UUID id() {
        return id;
    }

    String username() {
        return username;
    }

    Role role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }
}
