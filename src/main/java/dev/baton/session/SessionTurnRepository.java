package dev.baton.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface SessionTurnRepository extends JpaRepository<SessionTurn, UUID> {

    List<SessionTurn> findBySessionIdOrderByStartedAt(UUID sessionId);

    Optional<SessionTurn> findFirstBySessionIdAndStatusOrderByStartedAtDesc(UUID sessionId, SessionTurn.Status status);

    /** Ends every running turn as failed; only for a startup on which no turn can be running (see InterruptedTurns). */
    @Modifying
    @Query(nativeQuery = true, value = """
            update session_turns set status = 'FAILED', error_type = :errorType, error_message = :message,
                   finished_at = :now
            where status = 'RUNNING'""")
    int failRunning(String errorType, String message, Instant now);

    boolean existsBySessionId(UUID sessionId);

    /** Ends the session's running turns as failed; only for the holder of the session's lease (see TurnLeases). */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            update session_turns set status = 'FAILED', error_type = :errorType, error_message = :message,
                   finished_at = :now
            where session_id = :sessionId and status = 'RUNNING'""")
    int failRunning(UUID sessionId, String errorType, String message, Instant now);

    /** Ends as failed every running turn whose session's lease ran out or was let go: its node is gone. */
    @Transactional
    @Modifying
    @Query(nativeQuery = true, value = """
            update session_turns t set status = 'FAILED', error_type = :errorType, error_message = :message,
                   finished_at = :now
            from sessions s
            where t.status = 'RUNNING' and s.id = t.session_id
              and (s.turn_lease_until is null or s.turn_lease_until < :now)""")
    int failAbandoned(String errorType, String message, Instant now);
}
