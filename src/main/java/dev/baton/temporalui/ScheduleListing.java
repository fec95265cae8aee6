package dev.baton.temporalui;

import com.google.protobuf.Duration;
import dev.baton.execution.ExecutionService;
import dev.baton.execution.ScheduledRunWorkflow;
import dev.baton.execution.WorkflowProperties;
import dev.baton.schedule.EmbeddedScheduleEngine;
import dev.baton.schedule.ScheduleService;
import dev.baton.schedule.ScheduleSpec;
import dev.baton.user.CurrentUser;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.schedule.v1.IntervalSpec;
import io.temporal.api.schedule.v1.Schedule;
import io.temporal.api.schedule.v1.ScheduleAction;
import io.temporal.api.schedule.v1.ScheduleActionResult;
import io.temporal.api.schedule.v1.ScheduleInfo;
import io.temporal.api.schedule.v1.ScheduleListEntry;
import io.temporal.api.schedule.v1.ScheduleListInfo;
import io.temporal.api.schedule.v1.SchedulePolicies;
import io.temporal.api.schedule.v1.ScheduleState;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflow.v1.NewWorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeScheduleResponse;
import io.temporal.api.workflowservice.v1.ListSchedulesResponse;
import java.util.List;
import java.util.Optional;

/**
 * The schedules view, from Baton's own schedule store rather than the embedded server (which has no Schedules API):
 * each task's timetable, whether it runs, its next fire times and its recent runs, as Temporal's ListSchedules and
 * DescribeSchedule answers. The schedule id is the id of the task's scheduler workflow, {@code schedule-<task id>}.
 */
final class ScheduleListing {

    static final int RECENT_RUNS = 10;

    private final ScheduleService schedules;
    private final ExecutionService executions;
    private final String taskQueue;

    ScheduleListing(ScheduleService schedules, ExecutionService executions, WorkflowProperties properties) {
        this.schedules = schedules;
        this.executions = executions;
        this.taskQueue = properties.taskQueue();
    }

    String list(CurrentUser user) {
        var response = ListSchedulesResponse.newBuilder();
        for (ScheduleService.Entry entry : visible(user)) {
            response.addSchedules(ScheduleListEntry.newBuilder()
                    .setScheduleId(EmbeddedScheduleEngine.workflowId(entry.taskId()))
                    .setMemo(memo(entry))
                    .setInfo(ScheduleListInfo.newBuilder()
                            .setSpec(spec(entry.spec()))
                            .setWorkflowType(WorkflowType.newBuilder().setName(ScheduledRunWorkflow.class.getSimpleName()))
                            .setNotes(notes(entry))
                            .setPaused(entry.spec().paused() || !entry.active())
                            .addAllRecentActions(recentActions(entry))
                            .addAllFutureActionTimes(entry.nextRunTimes().stream().map(ProtoJson::timestamp).toList())));
        }
        return ProtoJson.print(response);
    }

    String describe(CurrentUser user, String scheduleId) {
        ScheduleService.Entry entry = visible(user).stream().filter(e -> EmbeddedScheduleEngine.workflowId(e.taskId()).equals(scheduleId))
                .findFirst().orElseThrow(() -> UiFailure.notFound("schedule not found: " + scheduleId));
        List<ScheduleActionResult> recent = recentActions(entry);
        var response = DescribeScheduleResponse.newBuilder()
                .setSchedule(Schedule.newBuilder()
                        .setSpec(spec(entry.spec()))
                        .setAction(ScheduleAction.newBuilder().setStartWorkflow(NewWorkflowExecutionInfo.newBuilder()
                                .setWorkflowId(EmbeddedScheduleEngine.RUN_PREFIX + entry.taskId())
                                .setWorkflowType(WorkflowType.newBuilder().setName(ScheduledRunWorkflow.class.getSimpleName()))
                                .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))))
                        .setPolicies(SchedulePolicies.newBuilder().setOverlapPolicy(
                                ScheduleOverlapPolicy.valueOf("SCHEDULE_OVERLAP_POLICY_" + entry.spec().overlapPolicy().name())))
                        .setState(ScheduleState.newBuilder().setNotes(notes(entry))
                                .setPaused(entry.spec().paused() || !entry.active())))
                .setInfo(ScheduleInfo.newBuilder()
                        .setActionCount(recent.size())
                        .addAllRecentActions(recent)
                        .addAllRunningWorkflows(recent.stream()
                                .filter(a -> a.getStartWorkflowStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                                .map(ScheduleActionResult::getStartWorkflowResult).toList())
                        .addAllFutureActionTimes(entry.nextRunTimes().stream().map(ProtoJson::timestamp).toList())
                        .setUpdateTime(ProtoJson.timestamp(entry.updatedAt())))
                .setMemo(memo(entry));
        return ProtoJson.print(response);
    }

    private List<ScheduleService.Entry> visible(CurrentUser user) {
        return schedules.entries().stream().filter(e -> user.isAdmin() || e.userId().equals(user.id())).toList();
    }

    private List<ScheduleActionResult> recentActions(ScheduleService.Entry entry) {
        return executions.recentScheduledWorkflows(entry.taskId(), RECENT_RUNS).stream()
                .filter(run -> run.runId() != null)
                .map(run -> ScheduleActionResult.newBuilder()
                        .setScheduleTime(ProtoJson.timestamp(run.triggeredAt()))
                        .setActualTime(ProtoJson.timestamp(Optional.ofNullable(run.startedAt()).orElse(run.triggeredAt())))
                        .setStartWorkflowResult(WorkflowExecution.newBuilder().setWorkflowId(run.workflowId())
                                .setRunId(run.runId()))
                        .setStartWorkflowStatus(switch (run.status()) {
                            case QUEUED, RUNNING, AWAITING_APPROVAL -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
                            case COMPLETED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
                            case FAILED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
                            case CANCELLED -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
                            case TIMED_OUT -> WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
                        })
                        .build())
                .toList();
    }

    private static io.temporal.api.schedule.v1.ScheduleSpec spec(ScheduleSpec spec) {
        var builder = io.temporal.api.schedule.v1.ScheduleSpec.newBuilder().setTimezoneName(spec.timezone());
        if (spec.cron() != null) {
            builder.addCronString(spec.cron()).addStructuredCalendar(CronCalendar.of(spec.cron()));
        } else {
            builder.addInterval(IntervalSpec.newBuilder().setInterval(Duration.newBuilder().setSeconds(spec.intervalSeconds())));
        }
        return builder.build();
    }

    private static String notes(ScheduleService.Entry entry) {
        String note = entry.spec().note() == null ? "" : entry.spec().note();
        return entry.active() ? note : ("Not running on the embedded server. " + note).strip();
    }

    private static Memo memo(ScheduleService.Entry entry) {
        return Memo.newBuilder()
                .putFields("taskId", WorkflowListing.jsonPayload("\"" + entry.taskId() + "\""))
                .putFields("taskName", WorkflowListing.jsonPayload(ProtoJson.string(entry.taskName())))
                .build();
    }
}
