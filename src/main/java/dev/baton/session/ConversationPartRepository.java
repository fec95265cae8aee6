package dev.baton.session;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ConversationPartRepository extends JpaRepository<ConversationPart, Long> {

    /** Every stored part of the session's conversation, without its content, in order. */
    @Query("""
            select new dev.baton.session.ConversationPart$Summary(p.path, p.part, p.endSize, p.endHash)
            from ConversationPart p where p.sessionId = :sessionId order by p.path, p.part""")
    List<ConversationPart.Summary> summaries(UUID sessionId);

    List<ConversationPart> findBySessionIdAndPathOrderByPart(UUID sessionId, String path);

    @Modifying
    @Query("delete from ConversationPart p where p.sessionId = :sessionId and p.path = :path")
    int deleteFile(UUID sessionId, String path);
}
