package dev.baton.schedule;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Baton's copy of a schedule's spec, used only to restore schedules an in-memory Temporal server forgot. */
@Entity
@Table(name = "task_schedules")
class StoredSchedule {

    @Id
    private UUID taskId;

    @Column(nullable = false)
    private UUID userId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private ScheduleSpec spec;

    @Column(nullable = false)
    private Instant updatedAt;

    protected StoredSchedule() {
    }

    StoredSchedule(UUID taskId, UUID userId, ScheduleSpec spec) {
        this.taskId = taskId;
        this.userId = userId;
        this.spec = spec;
        this.updatedAt = Instant.now();
    }

    void replace(ScheduleSpec newSpec) {
        this.spec = newSpec;
        this.updatedAt = Instant.now();
    }

    UUID taskId() {
        return taskId;
    }

    UUID userId() {
        return userId;
    }

    ScheduleSpec spec() {
        return spec;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
