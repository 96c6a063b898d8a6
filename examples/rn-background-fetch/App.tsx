import React, { useEffect, useState } from 'react';
import { SafeAreaView, StyleSheet, Text } from 'react-native';
import BackgroundFetch from 'react-native-background-fetch';

import { runSync } from './sync';

// A longer, power-hungry job scheduled on top of the periodic fetch.
const NIGHTLY_TASK = 'com.example.sync';

async function initBackgroundFetch(): Promise<number> {
  const status = await BackgroundFetch.configure(
    {
      minimumFetchInterval: 15,
      stopOnTerminate: false,
      startOnBoot: true,
      enableHeadless: true,
      requiredNetworkType: BackgroundFetch.NETWORK_TYPE_ANY,
    },
    async (taskId) => {
      await runSync(taskId);
      BackgroundFetch.finish(taskId);
    },
    (taskId) => {
      BackgroundFetch.finish(taskId);
    },
  );

  await BackgroundFetch.scheduleTask({
    taskId: NIGHTLY_TASK,
    delay: 6 * 60 * 60 * 1000,
    periodic: true,
    requiresCharging: true,
    requiresNetworkConnectivity: true,
  });

  return status;
}

export default function App(): React.JSX.Element {
  const [status, setStatus] = useState<number | null>(null);

  useEffect(() => {
    initBackgroundFetch().then(setStatus).catch(console.warn);
  }, []);

  return (
    <SafeAreaView style={styles.container}>
      <Text style={styles.title}>BgFetchDemo</Text>
      <Text>
        Background fetch:{' '}
        {status === BackgroundFetch.STATUS_AVAILABLE ? 'available' : 'unavailable'}
      </Text>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, alignItems: 'center', justifyContent: 'center' },
  title: { fontSize: 22, fontWeight: '600', marginBottom: 12 },
});
