// Baton keeps schedules itself (its API's /api/v1/tasks/{id}/schedule); the UI shows them read-only. The UI has
// no switch for schedule writes alone, so these pages see write actions as disabled; workflow pages keep cancel.
export const load = async ({ parent }) => {
  const { settings } = await parent();
  return { settings: { ...settings, disableWriteActions: true } };
};
