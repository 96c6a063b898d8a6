import { StatusBar } from 'expo-status-bar';
import * as BackgroundTask from 'expo-background-task';
import * as TaskManager from 'expo-task-manager';
import { useEffect, useState } from 'react';
import { Button, StyleSheet, Text, View } from 'react-native';

import { SYNC_TASK, registerBackgroundWork } from './tasks';

export default function App() {
  const [registered, setRegistered] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    registerBackgroundWork()
      .then(() => TaskManager.isTaskRegisteredAsync(SYNC_TASK))
      .then(setRegistered)
      .catch((e: Error) => setError(e.message));
  }, []);

  return (
    <View style={styles.container}>
      <Text style={styles.title}>Pocket Ledger</Text>
      <Text>Background sync: {registered ? 'registered' : 'not registered'}</Text>
      {error && <Text style={styles.error}>{error}</Text>}
      {__DEV__ && (
        <Button
          title="Run background sync now"
          onPress={() => BackgroundTask.triggerTaskWorkerForTestingAsync()}
        />
      )}
      <StatusBar style="auto" />
    </View>
  );
}

const styles = StyleSheet.create({
  container: { flex: 1, alignItems: 'center', justifyContent: 'center', gap: 12 },
  title: { fontSize: 22, fontWeight: '600' },
  error: { color: '#b00020' },
});
