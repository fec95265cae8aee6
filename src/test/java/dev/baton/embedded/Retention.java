package dev.baton.embedded;

import java.time.Duration;
import org.springframework.context.ApplicationContext;

/** For tests in other packages: drops every closed, archived run from the embedded server now, as retention does. */
public final class Retention {

    private Retention() {
    }

    /** @return how many runs were dropped */
    public static int sweepNow(ApplicationContext context) {
        return context.getBean(EmbeddedTemporalRetention.class).sweep(Duration.ZERO);
    }
}
