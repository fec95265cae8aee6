package dev.baton.session;

/**
 * Stores a turn's messages one at a time as they arrive. {@code save} would open a transaction for each: a round
 * trip for its commit besides the insert's, and an entity to manage that nothing reads again. The real CLI writes
 * about eight lines a turn.
 */
interface MessageInserts {

    /** Inserts the message on its own (or within the caller's transaction, if there is one). */
    void insert(SessionMessage message);
}
