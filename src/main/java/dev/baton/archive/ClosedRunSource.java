package dev.baton.archive;

import java.util.List;
import java.util.Optional;

/**
 * Lists the closed runs a Temporal server still holds, for the archiver's sweep, where that can be done better than
 * through the server's list API: the embedded test server's listing reads its histories without a lock and fails
 * under load. It also hears of each run that closed, so the embedded server can drop the run's timers early.
 */
public interface ClosedRunSource {

    /** The closed runs, or empty when this source cannot tell (the sweep then asks the server). */
    Optional<List<HistoryArchive.Run>> closedRuns();

    /**
     * Told of each run the archiver saw close on this node's worker, as soon as it has closed, so that the server
     * can let go of what only an open run needs.
     */
    default void closed(HistoryArchive.Run run) {
    }
}
