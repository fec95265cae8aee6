package dev.baton.session;

import java.util.List;

/**
 * A session's turns and what they cost together, from one read of them.
 *
 * @param turns the turns, oldest first
 * @param spend what the finished ones cost (see {@link TurnSpend})
 */
public record TurnLedger(List<TurnListing> turns, TurnSpend spend) {

    public static final TurnLedger NONE = new TurnLedger(List.of(), TurnSpend.NONE);
}
