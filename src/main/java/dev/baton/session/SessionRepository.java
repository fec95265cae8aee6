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
     * turn dies, the session frees itself when the lease runs out. The same owner (a retried task attempt) may
     * take over its own lease at once.
     */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            update sessions set turn_lease_until = :until, turn_owner = :owner
            where id = :id and (turn_lease_until is null or turn_lease_until < :now or turn_owner = :owner)""")
    int claimTurn(UUID id, Instant now, Instant until, String owner);

    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            update sessions set turn_lease_until = null, turn_owner = null
            where id = :id and turn_owner = :owner""")
    void releaseTurn(UUID id, String owner);

    /** Frees every session; only for a startup on which no turn can be running (see InterruptedTurns). */
    @Modifying
    @Query(nativeQuery = true, value = """
            update sessions set turn_lease_until = null, turn_owner = null where turn_owner is not null""")
    int releaseAllTurns();

    @Query(nativeQuery = true, value = "select turn_lease_until > now() from sessions where id = :id")
    Optional<Boolean> turnActive(UUID id);

    /** Who holds the session's turn lease now; empty when nobody does. */
    @Query(nativeQuery = true, value = "select turn_owner from sessions where id = :id and turn_lease_until > now()")
    Optional<String> turnOwner(UUID id);
}
