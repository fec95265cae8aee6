package dev.baton.temporalui;

import io.temporal.api.schedule.v1.Range;
import io.temporal.api.schedule.v1.StructuredCalendarSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A task's 5-field cron as the structured calendar Temporal describes schedules with (the UI shows that calendar,
 * not a cron string). The cron text is kept as the calendar's comment; a field this cannot express (Spring's
 * {@code L}, {@code W}, {@code #}) leaves only the comment.
 */
final class CronCalendar {

    private static final Map<String, String> MACROS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@weekly", "0 0 * * 0");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private CronCalendar() {
    }

    static StructuredCalendarSpec of(String cron) {
        String expression = MACROS.getOrDefault(cron.trim(), cron.trim());
        var calendar = StructuredCalendarSpec.newBuilder().setComment("cron: " + cron.trim());
        String[] fields = expression.split("\\s+");
        if (fields.length != 5) {
            return calendar.build();
        }
        try {
            calendar.addSecond(Range.newBuilder().setStart(0).setEnd(0).setStep(1));
            calendar.addAllMinute(ranges(fields[0], 0, 59, List.of()));
            calendar.addAllHour(ranges(fields[1], 0, 23, List.of()));
            calendar.addAllDayOfMonth(ranges(fields[2], 1, 31, List.of()));
            calendar.addAllMonth(ranges(fields[3], 1, 12, MONTHS));
            calendar.addAllDayOfWeek(ranges(fields[4], 0, 7, DAYS));
            return calendar.build();
        } catch (IllegalArgumentException e) {
            return StructuredCalendarSpec.newBuilder().setComment("cron: " + cron.trim()).build();
        }
    }

    /** One cron field: {@code *}, {@code n}, {@code a-b}, each with an optional {@code /step}, joined by commas. */
    private static List<Range> ranges(String field, int min, int max, List<String> names) {
        return java.util.Arrays.stream(field.split(",")).map(part -> {
            String[] stepped = part.split("/", -1);
            int step = stepped.length == 2 ? number(stepped[1], List.of()) : 1;
            if (stepped.length > 2 || step < 1) {
                throw new IllegalArgumentException(part);
            }
            String span = stepped[0];
            int start;
            int end;
            if (span.equals("*") || span.equals("?")) {
                start = min;
                end = max;
            } else if (span.contains("-")) {
                String[] bounds = span.split("-", -1);
                start = number(bounds[0], names);
                end = number(bounds[1], names);
            } else {
                start = number(span, names);
                end = stepped.length == 2 ? max : start;
            }
            if (start < min || end > max || end < start) {
                throw new IllegalArgumentException(part);
            }
            return Range.newBuilder().setStart(start).setEnd(end).setStep(step).build();
        }).toList();
    }

    private static int number(String text, List<String> names) {
        int named = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return names == MONTHS ? named + 1 : named;
        }
        return Integer.parseInt(text);
    }
}
