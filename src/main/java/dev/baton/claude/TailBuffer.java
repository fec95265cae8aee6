package dev.baton.claude;

/** Keeps only the last {@code capacity} characters written to it, so a chatty stderr cannot grow the heap. */
final class TailBuffer {

    private final int capacity;
    private final StringBuilder text = new StringBuilder();

    TailBuffer(int capacity) {
        this.capacity = capacity;
    }

    synchronized void append(char[] chars, int offset, int length) {
        if (length >= capacity) {
            text.setLength(0);
            text.append(chars, offset + length - capacity, capacity);
            return;
        }
        text.append(chars, offset, length);
        if (text.length() > capacity) {
            text.delete(0, text.length() - capacity);
        }
    }

    @Override
    public synchronized String toString() {
        return text.toString();
    }
}
