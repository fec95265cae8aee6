package dev.baton.webhook;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

interface DeliveryRepository extends JpaRepository<WebhookDelivery, UUID> {

    Page<WebhookDelivery> findByWebhookId(UUID webhookId, Pageable pageable);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select d from WebhookDelivery d where d.id = :id")
    Optional<WebhookDelivery> lock(UUID id);

    /** The delivery's webhook, read without loading (or locking) the delivery itself. */
    @Query("select d.webhookId from WebhookDelivery d where d.id = :id")
    Optional<UUID> webhookOf(UUID id);

    /** Whether an earlier event of the same execution still waits to reach the same webhook. */
    @Query("""
            select count(d) > 0 from WebhookDelivery d, WebhookDelivery me
            where me.id = :id and d.webhookId = me.webhookId and d.executionId = me.executionId
              and d.sequence < me.sequence and d.status = :pending""")
    boolean hasPendingPredecessor(UUID id, DeliveryStatus pending);

    /** What starting its workflow needs, without the body; empty once the delivery is no longer pending. */
    @Query("""
            select new dev.baton.webhook.DeliveryDispatch(d.id, d.webhookId, d.eventId, d.eventType)
            from WebhookDelivery d where d.id = :id and d.status = :pending""")
    Optional<DeliveryDispatch> dispatch(UUID id, DeliveryStatus pending);

    @Query("select d.id from WebhookDelivery d where d.status = :status order by d.sequence")
    List<UUID> idsByStatus(DeliveryStatus status);

    /** Pending deliveries no workflow was started for, older than {@code before}. */
    @Query("""
            select d.id from WebhookDelivery d
            where d.status = :pending and d.dispatchedAt is null and d.createdAt < :before order by d.sequence""")
    List<UUID> undispatched(DeliveryStatus pending, Instant before);

    /** In a transaction of its own: it runs after the recording transaction committed, and outside any. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    @Modifying
    @Query("update WebhookDelivery d set d.dispatchedAt = :at where d.id = :id")
    int markDispatched(UUID id, Instant at);
}
