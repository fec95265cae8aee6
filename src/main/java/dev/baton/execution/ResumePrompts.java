package dev.baton.execution;

import dev.baton.approval.ApprovalStatus;
import dev.baton.approval.ApprovalView;

/**
 * What a task's conversation is told when it resumes after a decision. The stopped call never got its answer, so
 * Claude is asked to make it again; the resumed turn then answers that same call as it was decided.
 */
final class ResumePrompts {

    private ResumePrompts() {
    }

    static String after(ApprovalView decided) {
        String call = "your " + decided.toolName() + " call " + decided.input();
        if (decided.status() == ApprovalStatus.ALLOWED) {
            return "A person allowed " + call + ". Make that call again now, exactly as before, and go on with the task.";
        }
        String why = decided.status() == ApprovalStatus.EXPIRED ? "denied: no decision in time"
                : decided.message() == null || decided.message().isBlank() ? "denied by a reviewer"
                : "denied: " + decided.message();
        return "A person was asked about " + call + ", and it was " + why + ". Go on with the task without it.";
    }
}
