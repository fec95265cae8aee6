package dev.baton.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApprovalRepository extends JpaRepository<Approval, UUID>, JpaSpecificationExecutor<Approval> {

    Optional<Approval> findByIdAndUserId(UUID id, UUID userId);

    /**
     * Decides a pending request, once: of two deciders (on any nodes) only the first changes the row.
     *
     * @return 1 when this call decided it, 0 when it was no longer pending
     */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("""
            update Approval a set a.status = :status, a.decidedAt = :at, a.decidedBy = :by, a.message = :message
            where a.id = :id and a.status = :pending""")
    int decide(@Param("id") UUID id, @Param("status") ApprovalStatus status, @Param("at") Instant at,
            @Param("by") UUID by, @Param("message") String message, @Param("pending") ApprovalStatus pending);

    default int decide(UUID id, ApprovalStatus status, Instant at, UUID by, String message) {
        return decide(id, status, at, by, message, ApprovalStatus.PENDING);
    }

    /** Pending requests past their time that nobody waits for any more (their node stopped): expired. */
    @Modifying
    @Query("""
            update Approval a set a.status = :expired, a.decidedAt = :now, a.message = :message
            where a.status = :pending and a.expiresAt < :now and a.executionId is null""")
    int expireOverdue(@Param("now") Instant now, @Param("message") String message,
            @Param("expired") ApprovalStatus expired, @Param("pending") ApprovalStatus pending);

    List<Approval> findByIdInAndStatusNot(List<UUID> ids, ApprovalStatus status);

    long countByStatus(ApprovalStatus status);

    Optional<Approval> findFirstByExecutionIdAndStatusOrderByCreatedAtDesc(UUID executionId, ApprovalStatus status);

    static Specification<Approval> matching(UUID userId, ApprovalStatus status, UUID sessionId, UUID executionId) {
        return (root, query, cb) -> cb.and(java.util.stream.Stream.of(
                userId == null ? null : cb.equal(root.get("userId"), userId),
                status == null ? null : cb.equal(root.get("status"), status),
                sessionId == null ? null : cb.equal(root.get("sessionId"), sessionId),
                executionId == null ? null : cb.equal(root.get("executionId"), executionId))
                .filter(java.util.Objects::nonNull).toArray(jakarta.persistence.criteria.Predicate[]::new));
    }

    default Page<Approval> list(UUID userId, ApprovalStatus status, UUID sessionId, UUID executionId,
            Pageable page) {
        return findAll(matching(userId, status, sessionId, executionId), page);
    }
}
