package dev.baton.archive;

import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Learns on this node's worker which workflow runs are about to close: a run whose workflow method has returned,
 * thrown or continued as new is closed by the workflow task that carries that result. {@link HistoryArchiver} takes
 * them from here, so a history is archived within moments of its close rather than at the next sweep.
 *
 * <p>It only records the run's ids, outside the workflow's state and not while replaying, so workflows stay
 * deterministic. Runs that the server closes (terminated, timed out) are left to the archiver's sweep.
 */
class ClosingRuns extends WorkerInterceptorBase {

    private final BlockingQueue<HistoryArchive.Run> closing = new LinkedBlockingQueue<>();

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
                super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
                    @Override
                    public void continueAsNew(ContinueAsNewInput input) {
                        closing();
                        super.continueAsNew(input);
                    }
                });
            }

            @Override
            public WorkflowOutput execute(WorkflowInput input) {
                WorkflowOutput output;
                try {
                    output = super.execute(input);
                } catch (RuntimeException failed) {
                    closing();
                    throw failed;
                }
                closing();
                return output;
            }
        };
    }

    private void closing() {
        if (!Workflow.isReplaying()) {
            WorkflowInfo info = Workflow.getInfo();
            closing.add(new HistoryArchive.Run(info.getWorkflowId(), info.getRunId()));
        }
    }

    /** The next run about to close; blocks until there is one. */
    HistoryArchive.Run take() throws InterruptedException {
        return closing.take();
    }
}
