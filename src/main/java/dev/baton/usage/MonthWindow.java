package dev.baton.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** A calendar month in UTC: a monthly budget counts the turns started in it, and resets at {@code end}. */
public record MonthWindow(Instant start, Instant end) {

    public static MonthWindow of(Instant now) {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        return new MonthWindow(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
