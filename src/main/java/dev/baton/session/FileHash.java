package dev.baton.session;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What a stored conversation part records of its file's start, to tell whether the file still begins as stored and
 * whether a restore rebuilt it right. New parts carry CRC-32C and CRC-32 side by side (8 bytes). Parts stored before
 * carry SHA-256 (32 bytes), which is still checked, and a file moves to the CRCs with its next part.
 *
 * <p>Why not SHA-256 still: it guards against accidents, not an attacker (whoever can write the CLI's files can write
 * anything there), and each save hashes the whole file again. Baton's JIT is C1 only, where the JDK's SHA-256 is plain
 * Java: 0.95 ms for a first turn's 140 KiB transcript, and 7 ms a save once it is 1 MiB. Both CRCs are CPU
 * instructions for C1 too: 5 µs.
 */
abstract sealed class FileHash {

    private static final int SHA256_LENGTH = 32;

    /** The hash new parts carry. */
    static FileHash create() {
        return new Crcs();
    }

    /** The hash of the kind {@code stored} is, to compare with it. */
    static FileHash like(byte[] stored) {
        return stored.length == SHA256_LENGTH ? new Sha256() : new Crcs();
    }

    abstract void update(byte[] bytes, int offset, int length);

    /** The hash of what was fed so far; feeding may go on after. */
    abstract byte[] value();

    boolean matches(byte[] stored) {
        return MessageDigest.isEqual(value(), stored);
    }

    /** {@code in}, feeding this hash with every byte read through it, as {@code DigestInputStream} does. */
    InputStream feeding(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    update(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                int read = super.read(bytes, offset, length);
                if (read > 0) {
                    update(bytes, offset, read);
                }
                return read;
            }
        };
    }

    private static final class Crcs extends FileHash {

        private final CRC32C crc32c = new CRC32C();
        private final CRC32 crc32 = new CRC32();

        @Override
        void update(byte[] bytes, int offset, int length) {
            crc32c.update(bytes, offset, length);
            crc32.update(bytes, offset, length);
        }

        @Override
        byte[] value() {
            return ByteBuffer.allocate(8).putInt((int) crc32c.getValue()).putInt((int) crc32.getValue()).array();
        }
    }

    private static final class Sha256 extends FileHash {

        private final MessageDigest digest;

        Sha256() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JDK has SHA-256", e);
            }
        }

        @Override
        void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        @Override
        byte[] value() {
            try {
                return ((MessageDigest) digest.clone()).digest();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("The JDK's SHA-256 can be cloned", e);
            }
        }
    }
}
