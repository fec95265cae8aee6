package dev.baton;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for something nothing announces by checking it every so often. Only for rare waits a user asked for (an
 * interrupt, a trigger), never on a turn's path: each check costs a query.
 */
public final class Poll {

    private Poll() {
    }

    /** The first present answer of {@code check}, or empty once {@code timeout} has passed (or the thread is interrupted). */
    public static <T> Optional<T> until(Supplier<Optional<T>> check, Duration timeout, Duration every) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> answer = check.get();
            if (answer.isPresent() || System.nanoTime() - deadline > 0) {
                return answer;
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
