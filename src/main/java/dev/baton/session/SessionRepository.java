package dev.baton.session;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface SessionRepository extends JpaRepository<Session, UUID> {

    Optional<Session> findByIdAndUserId(UUID id, UUID userId);

    Page<Session> findByUserId(UUID userId, Pageable pageable);

    /**
     * Claims the session for one turn, atomically across nodes. A lease, not a flag: if the node running the
     * turn dies, the session frees itself when the lease runs out.
     */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            update sessions set turn_lease_until = :until
            where id = :id and (turn_lease_until is null or turn_lease_until < :now)""")
    int claimTurn(UUID id, Instant now, Instant until);

    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = "update sessions set turn_lease_until = null where id = :id")
    void releaseTurn(UUID id);

    @Query(nativeQuery = true, value = "select turn_lease_until > now() from sessions where id = :id")
    Optional<Boolean> turnActive(UUID id);
}
