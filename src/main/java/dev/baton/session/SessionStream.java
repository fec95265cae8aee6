package dev.baton.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Merges a replay from the table with the live feed, with no gap and no duplicate. It subscribes first and
 * buffers live events while the replay runs; afterwards it forwards only messages newer than the last one sent.
 */
final class SessionStream implements Consumer<SessionEvent> {

    private final Consumer<SessionEvent> downstream;
    private final List<SessionEvent> buffered = new ArrayList<>();
    private boolean replaying = true;
    private long lastSent;

    SessionStream(Consumer<SessionEvent> downstream) {
        this.downstream = downstream;
    }

    @Override
    public synchronized void accept(SessionEvent event) {
        if (replaying) {
            buffered.add(event);
        } else {
            forward(event);
        }
    }

    /** Sends the replayed messages, then whatever arrived meanwhile, and goes live. */
    synchronized void replayed(List<MessageView> history, long after) {
        lastSent = after;
        history.forEach(m -> forward(new SessionEvent.Message(m)));
        buffered.forEach(this::forward);
        buffered.clear();
        replaying = false;
    }

    private void forward(SessionEvent event) {
        if (event instanceof SessionEvent.Message(MessageView message)) {
            if (message.sequence() <= lastSent) {
                return;
            }
            lastSent = message.sequence();
        }
        downstream.accept(event);
    }
}
