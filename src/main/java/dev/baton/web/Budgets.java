package dev.baton.web;

/**
 * The bounds every budget in the API shares (a task's, a session's, an execution's, a user's monthly one), as
 * constants for validation annotations: more than zero, at most 10,000 USD, in at most six decimal places.
 */
public final class Budgets {

    /** Inclusive upper bound, in USD. */
    public static final String MAX = "10000";
    /** Decimal places the database keeps. */
    public static final int FRACTION = 6;
    public static final int INTEGER = 5;

    private Budgets() {
    }
}
