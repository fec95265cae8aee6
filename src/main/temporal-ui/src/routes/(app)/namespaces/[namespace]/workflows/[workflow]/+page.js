import { error, redirect } from '@sveltejs/kit';
import { fetchWorkflowForRunId } from '@temporalio/ui/services/workflow-service';

// A link without a run id opens the workflow's latest run.
export const load = async ({ url, params }) => {
  const { runId } = await fetchWorkflowForRunId({ namespace: params.namespace, workflowId: params.workflow });
  if (!runId) {
    error(404, `Workflow ${params.workflow} not found`);
  }
  redirect(302, `${url.pathname}/${runId}`);
};
