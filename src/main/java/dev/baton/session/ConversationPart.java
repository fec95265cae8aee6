package dev.baton.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One stored piece of a file of a session's conversation (see {@link ConversationStore}): part 0 is the file's start,
 * each later part the bytes appended after the part before, gzip-compressed.
 */
@Entity
@Table(name = "session_conversation_parts")
class ConversationPart {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private UUID sessionId;

    @Column(nullable = false)
    private String path;

    @Column(nullable = false)
    private int part;

    @Column(nullable = false)
    private long endSize;

    /** A {@link FileHash}; the column's name is from when it was always SHA-256 (see V12). */
    @Column(name = "end_sha256", nullable = false)
    private byte[] endHash;

    @Column(nullable = false)
    private byte[] content;

    @Column(nullable = false)
    private long version;

    protected ConversationPart() {
    }

    ConversationPart(UUID sessionId, String path, int part, ConversationFile.Piece piece, long version) {
        this.sessionId = sessionId;
        this.path = path;
        this.part = part;
        this.endSize = piece.endSize();
        this.endHash = piece.endHash();
        this.content = piece.gzip();
        this.version = version;
    }

    String path() {
        return path;
    }

    long endSize() {
        return endSize;
    }

    byte[] endHash() {
        return endHash;
    }

    byte[] content() {
        return content;
    }

    /** What a part says about its file, without its content. */
    record Summary(String path, int part, long endSize, byte[] endHash) {
    }
}
