package dev.baton.session;

/**
 * Joins the parts of one socket's incoming text frames. Frames arrive in parts as large as the container's buffer
 * (8 KiB on Tomcat), so that a frame longer than the buffer is not a protocol error that closes the socket; a frame
 * longer than {@code maxChars} is dropped as it comes in (the rest of it is only counted off) and refused once its
 * last part is in, keeping the socket. One per socket: a socket's frames arrive one after another.
 */
final class FrameAssembler {

    private final int maxChars;
    private StringBuilder parts;
    private boolean tooLong;

    FrameAssembler(int maxChars) {
        this.maxChars = maxChars;
    }

    int maxChars() {
        return maxChars;
    }

    /** The whole frame once its last part is in; null before that, and for a frame that grew too long. */
    String add(String part, boolean last) {
        if (parts == null) {
            if (last) {
                return part.length() > maxChars ? null : part;
            }
            parts = new StringBuilder();
        }
        if (!tooLong) {
            if (parts.length() + part.length() > maxChars) {
                // Drop what came so far; the rest of this frame is only counted off.
                tooLong = true;
                parts = new StringBuilder();
            } else {
                parts.append(part);
            }
        }
        if (!last) {
            return null;
        }
        String frame = tooLong ? null : parts.toString();
        parts = null;
        tooLong = false;
        return frame;
    }
}
