import * as BackgroundFetch from 'expo-background-fetch';
import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';

export const SYNC_TASK = 'pocket-ledger-sync';
// Left over from before the move to expo-background-task.
export const LEGACY_FETCH_TASK = 'pocket-ledger-fetch';

const API = 'https://api.example.com/v1';

export async function syncPendingEntries(): Promise<number> {
  const res = await fetch(`${API}/entries/sync`, { method: 'POST' });
  if (!res.ok) {
    throw new Error(`sync failed: HTTP ${res.status}`);
  }
  const body: { synced: number } = await res.json();
  return body.synced;
}

TaskManager.defineTask(SYNC_TASK, async () => {
  try {
    await syncPendingEntries();
    return BackgroundTask.BackgroundTaskResult.Success;
  } catch {
    return BackgroundTask.BackgroundTaskResult.Failed;
  }
});

TaskManager.defineTask(LEGACY_FETCH_TASK, async () => {
  try {
    const synced = await syncPendingEntries();
    return synced > 0
      ? BackgroundFetch.BackgroundFetchResult.NewData
      : BackgroundFetch.BackgroundFetchResult.NoData;
  } catch {
    return BackgroundFetch.BackgroundFetchResult.Failed;
  }
});

export async function registerBackgroundWork(): Promise<void> {
  const status = await BackgroundTask.getStatusAsync();
  if (status === BackgroundTask.BackgroundTaskStatus.Restricted) {
    return;
  }
  // expo-background-task: minimumInterval is in minutes (Android floor: 15).
  await BackgroundTask.registerTaskAsync(SYNC_TASK, { minimumInterval: 15 });

  // expo-background-fetch: minimumInterval is in seconds.
  await BackgroundFetch.registerTaskAsync(LEGACY_FETCH_TASK, {
    minimumInterval: 15 * 60,
    stopOnTerminate: false,
    startOnBoot: true,
  });
}
