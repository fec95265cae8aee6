package dev.baton.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Keeps each session's Claude conversation in PostgreSQL, so that its next turn may run on any node.
 *
 * <p>{@link SessionService} calls {@link #restore} before every turn, whatever started it (a REST or WebSocket query,
 * a task attempt, anything that later resumes a conversation), and {@link #save} in the transaction that records the
 * turn's end. A node restores when the version its copy holds is not the stored one, or a file's length differs (a
 * turn that died here may have grown the transcript without saving it).
 *
 * <p>The CLI only appends to its transcript, so a save stores just what a turn appended, as one more part, once it
 * has checked (by the {@link FileHash} of the stored length) that the start of the file is what is stored. A file
 * whose start changed, or that has {@value #MAX_PARTS} parts already, is stored whole again as a single part: so a
 * save costs what the turn added, not the whole conversation, and a restore reads at most {@value #MAX_PARTS} parts
 * per file.
 */
@Component
class ConversationStore {

    private static final Logger log = LoggerFactory.getLogger(ConversationStore.class);
    static final int MAX_PARTS = 32;

    private final ConversationPartRepository parts;
    private final SessionRepository sessions;
    private final ApplicationEventPublisher events;

    ConversationStore(ConversationPartRepository parts, SessionRepository sessions, ApplicationEventPublisher events) {
        this.parts = parts;
        this.sessions = sessions;
        this.events = events;
    }

    /**
     * Brings this node's copy of the session's conversation up to the stored version, if the turn is to resume it.
     * Call it while holding the session's lease, so that no save can come between.
     *
     * @return what {@link #save} needs to know at the turn's end
     */
    ConversationCopy restore(UUID sessionId, Path configDir, boolean resume) {
        long version = sessions.conversationVersion(sessionId).orElse(0L);
        var copy = new ConversationCopy(sessionId, configDir, version);
        if (!resume || version == 0) {
            return copy;
        }
        long started = System.nanoTime();
        var local = new LocalConversation(configDir);
        Map<String, StoredFile> stored = StoredFile.of(parts.summaries(sessionId));
        try {
            if (local.version() == version && local.hasSizes(StoredFile.sizes(stored))) {
                return copy;
            }
            long bytes = 0;
            for (String path : stored.keySet()) {
                bytes += ConversationFile.write(local.resolve(path),
                        parts.findBySessionIdAndPathOrderByPart(sessionId, path));
            }
            local.markVersion(version);
            events.publishEvent(new ConversationRestored(sessionId, stored.size(), bytes,
                    Duration.ofNanos(System.nanoTime() - started)));
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restore the conversation of session " + sessionId + " into "
                    + configDir, e);
        }
    }

    /**
     * Stores what the turn changed in the files of the CLI's conversation {@code claudeId}; part of the transaction
     * that records the turn's end. Nothing is stored when the CLI wrote no conversation, and, with a warning, when
     * the files cannot be read (the turn's result matters more) or another save came first (this node lost the
     * session's lease meanwhile).
     */
    void save(ConversationCopy copy, String claudeId) {
        long started = System.nanoTime();
        var local = new LocalConversation(copy.configDir());
        Map<String, StoredFile> stored = StoredFile.of(parts.summaries(copy.sessionId()));
        List<Change> changes = new ArrayList<>();
        try {
            Map<String, Path> files = local.files(claudeId);
            if (files.isEmpty()) {
                // The CLI wrote no conversation (it failed before it began one): what is stored stays.
                return;
            }
            for (var file : files.entrySet()) {
                Change change = change(file.getKey(), file.getValue(), stored.remove(file.getKey()));
                if (change != null) {
                    changes.add(change);
                }
            }
        } catch (IOException e) {
            log.warn("Could not read the conversation of session {} to store it; its next turn on another node "
                    + "resumes the conversation as stored before this turn: {}", copy.sessionId(), e.toString());
            return;
        }
        // What is stored but no longer here belongs to an earlier conversation (a new task attempt starts afresh).
        if (changes.isEmpty() && stored.isEmpty()) {
            return;
        }
        long next = copy.version() + 1;
        if (sessions.advanceConversation(copy.sessionId(), copy.version(), next) == 0) {
            log.warn("Did not store the conversation of session {}: another node stored a newer one while this turn "
                    + "ran, so this node had lost the session's lease", copy.sessionId());
            return;
        }
        stored.keySet().forEach(path -> parts.deleteFile(copy.sessionId(), path));
        long storedBytes = 0;
        long rawBytes = 0;
        for (Change change : changes) {
            if (change.replacesStored()) {
                parts.deleteFile(copy.sessionId(), change.path());
            }
            parts.save(new ConversationPart(copy.sessionId(), change.path(), change.part(), change.piece(), next));
            storedBytes += change.piece().gzip().length;
            rawBytes += change.piece().rawSize();
        }
        try {
            local.markVersion(next);
        } catch (IOException e) {
            log.warn("Could not note the stored conversation version in {}; the next turn here restores it: {}",
                    copy.configDir(), e.toString());
        }
        events.publishEvent(new ConversationSaved(copy.sessionId(), changes.size(), rawBytes, storedBytes,
                Duration.ofNanos(System.nanoTime() - started)));
    }

    /**
     * The CLI appends to a transcript and writes its other files once, so a file of the stored length is unchanged.
     *
     * @return the part to store for the file, or null when it is stored as it is
     */
    private static Change change(String path, Path file, StoredFile stored) throws IOException {
        if (stored != null) {
            if (Files.size(file) == stored.size()) {
                return null;
            }
            if (stored.parts() < MAX_PARTS) {
                ConversationFile.Piece appended = ConversationFile.after(file, stored.size(), stored.hash());
                if (appended != null) {
                    return new Change(path, stored.parts(), appended, false);
                }
            }
        }
        return new Change(path, 0, ConversationFile.whole(file), stored != null);
    }

    /**
     * The part of a file to store: part 0 is the whole file.
     *
     * @param replacesStored whether parts of the file are stored already, which part 0 replaces
     */
    private record Change(String path, int part, ConversationFile.Piece piece, boolean replacesStored) {
    }

    /** What is stored of one file: its length and hash, and how many parts hold it. */
    private record StoredFile(long size, byte[] hash, int parts) {

        static Map<String, StoredFile> of(List<ConversationPart.Summary> summaries) {
            Map<String, StoredFile> files = new LinkedHashMap<>();
            for (ConversationPart.Summary part : summaries) {
                files.put(part.path(), new StoredFile(part.endSize(), part.endHash(), part.part() + 1));
            }
            return files;
        }

        static Map<String, Long> sizes(Map<String, StoredFile> files) {
            Map<String, Long> sizes = new LinkedHashMap<>();
            files.forEach((path, file) -> sizes.put(path, file.size()));
            return sizes;
        }
    }
}
