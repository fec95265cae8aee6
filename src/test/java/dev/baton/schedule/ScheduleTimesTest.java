package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.web.InvalidFieldException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTimesTest {

    private static ScheduleSpec cron(String cron, String zone) {
        return new ScheduleSpec(cron, null, zone, null, Map.of(), false, null);
    }

    @Test
    void cronIsReadInTheScheduleTimeZone() {
        var times = ScheduleTimes.next(cron("0 9 * * 1", "Europe/Berlin"), Instant.parse("2026-11-24T00:00:00Z"), 2);

        assertThat(times).containsExactly(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-07T08:00:00Z"));
    }

    @Test
    void aLocalTimeSkippedBySpringForwardDoesNotFireAndTheOffsetChanges() {
        // Europe/Berlin moves from +01:00 to +02:00 at 02:00 on 2026-03-29: 02:30 does not exist that day.
        var times = ScheduleTimes.next(cron("30 2 * * *", "Europe/Berlin"), Instant.parse("2026-03-27T00:00:00Z"), 3);

        assertThat(times).containsExactly(Instant.parse("2026-03-27T01:30:00Z"), Instant.parse("2026-03-28T01:30:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void intervalsCountFromTheEpoch() {
        var every15Minutes = new ScheduleSpec(null, 900L, "UTC", null, Map.of(), false, null);

        assertThat(ScheduleTimes.next(every15Minutes, Instant.parse("2026-11-24T10:07:12Z"), 2))
                .containsExactly(Instant.parse("2026-11-24T10:15:00Z"), Instant.parse("2026-11-24T10:30:00Z"));
    }

    @Test
    void macrosAreAccepted() {
        assertThat(ScheduleTimes.next(cron("@weekly", "UTC"), Instant.parse("2026-11-24T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @Test
    void invalidSpecsNameTheirField() {
        assertThatThrownBy(() -> ScheduleTimes.validate(cron("0 9 * *", "UTC")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("cron"));
        assertThatThrownBy(() -> ScheduleTimes.validate(cron("@daily", "Nowhere/Land")))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("timezone"));
        assertThatThrownBy(() -> ScheduleTimes.validate(new ScheduleSpec("@daily", 5L, "UTC", null, null, false, null)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("cron"));
        assertThatThrownBy(() -> ScheduleTimes.validate(new ScheduleSpec(null, 0L, "UTC", null, null, false, null)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("intervalSeconds"));
    }
}
