package dev.baton.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

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
}
