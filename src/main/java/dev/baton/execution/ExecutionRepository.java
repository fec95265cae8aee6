package dev.baton.execution;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface ExecutionRepository extends JpaRepository<TaskExecution, UUID> {

    Optional<TaskExecution> findByIdAndUserId(UUID id, UUID userId);

    Optional<TaskExecution> findByUserIdAndIdempotencyKey(UUID userId, String idempotencyKey);

    Page<TaskExecution> findByTaskId(UUID taskId, Pageable pageable);

    List<TaskExecution> findByTaskIdAndTriggerTypeOrderByCreatedAtDesc(UUID taskId, TriggerType trigger, Limit limit);

    List<TaskExecution> findByStatusIn(Collection<ExecutionStatus> statuses);

    /** Workflow id and owner of each execution among {@code workflowIds}. */
    @Query("select e.workflowId, e.userId from TaskExecution e where e.workflowId in :workflowIds")
    List<Object[]> findOwners(Collection<String> workflowIds);

    boolean existsByTaskIdAndStatusIn(UUID taskId, Collection<ExecutionStatus> statuses);

    /** Status moves take the row lock, so two activities (or an activity and a recovery) never interleave. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from TaskExecution e where e.id = :id")
    Optional<TaskExecution> lock(UUID id);

    @Transactional
    @Modifying
    @Query("update TaskExecution e set e.runId = :runId where e.id = :id and e.runId is null")
    int recordRunId(UUID id, String runId);
}
