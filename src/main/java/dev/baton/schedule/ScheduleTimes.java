package dev.baton.schedule;

import dev.baton.web.InvalidFieldException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;

/**
 * When a schedule fires. Pure and deterministic (no clock, no I/O), so workflow code may call it. Cron fields are
 * read in the schedule's time zone, DST included: a time skipped by a spring-forward does not fire, and a repeated
 * hour fires once. Intervals are counted from the Unix epoch, as Temporal Schedules count them.
 */
public final class ScheduleTimes {

    static final Set<String> MACROS = Set.of("@hourly", "@daily", "@weekly");

    private ScheduleTimes() {
    }

    /** @throws InvalidFieldException naming {@code cron}, {@code intervalSeconds} or {@code timezone} */
    public static void validate(ScheduleSpec spec) {
        if (spec.cron() != null && spec.intervalSeconds() != null) {
            throw new InvalidFieldException("cron", "give either cron or intervalSeconds, not both");
        }
        if (spec.cron() == null && spec.intervalSeconds() == null) {
            throw new InvalidFieldException("cron", "give cron or intervalSeconds");
        }
        if (spec.intervalSeconds() != null && spec.intervalSeconds() < 1) {
            throw new InvalidFieldException("intervalSeconds", "must be at least 1");
        }
        ZoneId zone = zone(spec.timezone());
        if (spec.cron() != null && cron(spec.cron()).next(ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, zone)) == null) {
            throw new InvalidFieldException("cron", "'" + spec.cron() + "' never fires");
        }
    }

    /** The first fire time strictly after {@code after}. */
    public static Instant next(ScheduleSpec spec, Instant after) {
        if (spec.intervalSeconds() != null) {
            long interval = spec.intervalSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(after.getEpochSecond(), interval) * interval + interval);
        }
        ZonedDateTime next = cron(spec.cron()).next(after.atZone(zone(spec.timezone())));
        if (next == null) {
            throw new IllegalStateException("cron '" + spec.cron() + "' never fires again");
        }
        return next.toInstant();
    }

    /** The next {@code count} fire times strictly after {@code after}. */
    public static List<Instant> next(ScheduleSpec spec, Instant after, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant t = after;
        for (int i = 0; i < count; i++) {
            t = next(spec, t);
            times.add(t);
        }
        return times;
    }

    static CronExpression cron(String expression) {
        String trimmed = expression.trim();
        if (MACROS.contains(trimmed)) {
            return CronExpression.parse(trimmed);
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new InvalidFieldException("cron", "'" + expression + "' must have 5 fields (minute hour day-of-month "
                    + "month day-of-week) or be one of @hourly, @daily, @weekly");
        }
        try {
            return CronExpression.parse("0 " + trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("cron", "'" + expression + "' is not a valid cron expression: "
                    + e.getMessage());
        }
    }

    static ZoneId zone(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidFieldException("timezone", "'" + timezone + "' is not an IANA time zone such as "
                    + "Europe/Berlin");
        }
    }
}
