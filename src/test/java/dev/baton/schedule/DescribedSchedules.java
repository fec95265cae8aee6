package dev.baton.schedule;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleCalendarSpec;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.EncodedValues;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a schedule as Baton builds it into a description as a real server returns it: cron strings compiled away
 * (only calendars come back), the run argument and memo values as encoded payloads. Reverse-mapping tests go through
 * this, so they fail if the mapping leans on something the server does not give back.
 */
final class DescribedSchedules {

    static final DataConverter CONVERTER = DefaultDataConverter.newDefaultInstance();

    private DescribedSchedules() {
    }

    static ScheduleDescription asDescribed(String id, Schedule schedule, List<Instant> nextActionTimes) {
        return asDescribed(id, schedule, nextActionTimes, List.of(), List.of());
    }

    static ScheduleDescription asDescribed(String id, Schedule schedule, List<Instant> nextActionTimes,
            List<ScheduleActionExecution> running, List<ScheduleActionResult> recent) {
        ScheduleSpec spec = schedule.getSpec();
        ScheduleSpec compiled = ScheduleSpec.newBuilder(spec)
                .setCronExpressions(List.of())
                .setCalendars(spec.getCronExpressions() == null || spec.getCronExpressions().isEmpty()
                        ? spec.getCalendars()
                        : List.of(ScheduleCalendarSpec.newBuilder().build()))
                .build();
        ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
        EncodedValues arguments = action.getArguments();
        arguments.setDataConverter(CONVERTER);
        Map<String, Object> memo = new HashMap<>();
        action.getOptions().getMemo().forEach((key, value) -> memo.put(key, encoded(value)));
        ScheduleActionStartWorkflow describedAction = ScheduleActionStartWorkflow.newBuilder(action)
                .setRawArguments(new EncodedValues(arguments.toPayloads(), CONVERTER))
                .setOptions(WorkflowOptions.newBuilder(action.getOptions()).setMemo(memo).build())
                .build();
        Schedule described = Schedule.newBuilder(schedule).setSpec(compiled).setAction(describedAction).build();
        ScheduleInfo info = new ScheduleInfo(recent.size(), 0, 0, running, recent, nextActionTimes, Instant.EPOCH,
                Instant.EPOCH);
        return new ScheduleDescription(id, info, described, Map.of(), SearchAttributes.EMPTY, Map.<String, Payload>of(),
                CONVERTER);
    }

    private static Object encoded(Object value) {
        if (value instanceof EncodedValues) {
            return value;
        }
        Payload payload = CONVERTER.toPayload(value).orElseThrow();
        return new EncodedValues(Optional.of(Payloads.newBuilder().addPayloads(payload).build()), CONVERTER);
    }
}
