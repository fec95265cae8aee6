package dev.baton.temporalui;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.schedule.v1.Range;
import io.temporal.api.schedule.v1.StructuredCalendarSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronCalendarTest {

    @Test
    void fiveFieldsBecomeRanges() {
        StructuredCalendarSpec calendar = CronCalendar.of("*/15 9-17 * JAN,mar 1-5");
        assertThat(calendar.getComment()).isEqualTo("cron: */15 9-17 * JAN,mar 1-5");
        assertThat(calendar.getMinuteList()).containsExactly(range(0, 59, 15));
        assertThat(calendar.getHourList()).containsExactly(range(9, 17, 1));
        assertThat(calendar.getDayOfMonthList()).containsExactly(range(1, 31, 1));
        assertThat(calendar.getMonthList()).containsExactly(range(1, 1, 1), range(3, 3, 1));
        assertThat(calendar.getDayOfWeekList()).containsExactly(range(1, 5, 1));
        assertThat(calendar.getSecondList()).containsExactly(range(0, 0, 1));
    }

    @Test
    void macrosAreExpanded() {
        StructuredCalendarSpec weekly = CronCalendar.of("@weekly");
        assertThat(weekly.getComment()).isEqualTo("cron: @weekly");
        assertThat(weekly.getHourList()).containsExactly(range(0, 0, 1));
        assertThat(weekly.getDayOfWeekList()).containsExactly(range(0, 0, 1));
    }

    @Test
    void whatARangeCannotSayLeavesOnlyTheComment() {
        for (String cron : List.of("0 0 L * *", "0 0 * * 1#2", "61 * * * *", "5-1 * * * *")) {
            StructuredCalendarSpec calendar = CronCalendar.of(cron);
            assertThat(calendar.getComment()).as(cron).isEqualTo("cron: " + cron);
            assertThat(calendar.getMinuteList()).as(cron).isEmpty();
        }
    }

    private static Range range(int start, int end, int step) {
        return Range.newBuilder().setStart(start).setEnd(end).setStep(step).build();
    }
}
