package dev.baton.session;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Reading a conversation file into a stored piece, and writing stored pieces back into a file. */
final class ConversationFile {

    private static final int BUFFER = 64 * 1024;

    private ConversationFile() {
    }

    /**
     * A stretch of a file as stored.
     *
     * @param endSize the file's length up to the end of this piece
     * @param endHash the {@link FileHash} of the file's first {@code endSize} bytes
     * @param gzip the piece's own bytes, compressed
     * @param rawSize how many bytes the piece holds before compression
     */
    record Piece(long endSize, byte[] endHash, byte[] gzip, long rawSize) {
    }

    /**
     * The bytes of {@code file} after its first {@code from} bytes, provided those bytes still hash to
     * {@code expectedPrefix}; reads the file once.
     *
     * @return the piece, or null when the file's start changed (or it is shorter), so only the whole file will do
     */
    static Piece after(Path file, long from, byte[] expectedPrefix) throws IOException {
        FileHash prefix = FileHash.like(expectedPrefix);
        FileHash hash = FileHash.create();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            long left = from;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    return null;
                }
                prefix.update(buffer, 0, read);
                hash.update(buffer, 0, read);
                left -= read;
            }
            if (!prefix.matches(expectedPrefix)) {
                return null;
            }
            return rest(in, from, hash);
        }
    }

    /** The whole file as one piece. */
    static Piece whole(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return rest(in, 0, FileHash.create());
        }
    }

    private static Piece rest(InputStream in, long from, FileHash hash) throws IOException {
        var compressed = new ByteArrayOutputStream();
        long raw;
        try (OutputStream gzip = new FastGzip(compressed)) {
            raw = hash.feeding(in).transferTo(gzip);
        }
        return new Piece(from + raw, hash.value(), compressed.toByteArray(), raw);
    }

    /**
     * Writes the file from its stored parts, in order, and checks it against the last part's size and hash before it
     * replaces what is there, so a reader never sees half a file.
     *
     * @return the file's length
     * @throws IllegalStateException when the parts do not add up to what was stored
     */
    static long write(Path file, List<ConversationPart> parts) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".baton-restore-", ".tmp");
        try {
            ConversationPart last = parts.getLast();
            FileHash hash = FileHash.like(last.endHash());
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temporary)) {
                for (ConversationPart part : parts) {
                    try (InputStream in = hash.feeding(
                            new GZIPInputStream(new ByteArrayInputStream(part.content()), BUFFER))) {
                        size += in.transferTo(out);
                    }
                }
            }
            if (size != last.endSize() || !hash.matches(last.endHash())) {
                throw new IllegalStateException("The stored parts of " + last.path() + " add up to " + size
                        + " bytes that do not match the " + last.endSize() + " bytes and hash stored with them");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Gzip at the fastest level. A first turn's transcript is about 140 KiB, and at the default level compressing it
     * took 4.5 ms, of the 60 ms of CPU Baton spends on a one-turn task execution; the fastest level takes 1.2 ms and
     * stores 17% more. It is still gzip, so parts stored at either level read alike.
     */
    private static final class FastGzip extends GZIPOutputStream {

        FastGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
