import { fetchCluster, fetchSystemInfo } from '@temporalio/ui/services/cluster-service';
import { fetchNamespaces } from '@temporalio/ui/services/namespaces-service';
import { fetchSettings } from '@temporalio/ui/services/settings-service';
import { requestFromAPI } from '@temporalio/ui/utilities/request-from-api';
import { routeForApi } from '@temporalio/ui/utilities/route-for-api';

// What the UI's own app layout loads, minus its OAuth flow: Baton's bridge authenticates every request itself
// (HTTP Basic or its login cookie), so there is no token to carry here.
export const load = async ({ fetch }) => {
  const settings = await fetchSettings(fetch);
  fetchNamespaces(settings, fetch);
  const [cluster, systemInfo, me] = await Promise.all([
    fetchCluster(settings, fetch),
    fetchSystemInfo(settings, fetch),
    requestFromAPI(routeForApi('user'), { request: fetch }),
  ]);
  return { settings, cluster, systemInfo, me };
};
