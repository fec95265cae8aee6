package dev.baton.webhook;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface WebhookRepository extends JpaRepository<Webhook, UUID> {

    List<Webhook> findByUserIdAndEnabledTrue(UUID userId);

    Page<Webhook> findByUserId(UUID userId, Pageable pageable);

    Optional<Webhook> findByIdAndUserId(UUID id, UUID userId);

    /** Failure counting takes the row lock, so two deliveries ending at once both count. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select w from Webhook w where w.id = :id")
    Optional<Webhook> lock(UUID id);
}
