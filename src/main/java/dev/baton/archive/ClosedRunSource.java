package dev.baton.archive;

import java.util.List;
import java.util.Optional;

/**
 * Lists the closed runs a Temporal server still holds, for the archiver's sweep, where that can be done better than
 * through the server's list API: the embedded test server's listing reads its histories without a lock and fails
 * under load.
 */
public interface ClosedRunSource {

    /** The closed runs, or empty when this source cannot tell (the sweep then asks the server). */
    Optional<List<HistoryArchive.Run>> closedRuns();
}
