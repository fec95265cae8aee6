package dev.baton.session;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SessionMessageRepository extends JpaRepository<SessionMessage, Long>, MessageInserts {

    List<SessionMessage> findBySessionIdAndSequenceGreaterThanOrderBySequence(UUID sessionId, long after, Limit limit);

    Optional<SessionMessage> findFirstBySessionIdOrderBySequenceDesc(UUID sessionId);

    @Query("select coalesce(max(m.sequence), 0) from SessionMessage m where m.sessionId = :sessionId")
    long lastSequence(UUID sessionId);
}
