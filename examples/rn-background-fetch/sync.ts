import AsyncStorage from '@react-native-async-storage/async-storage';

const API = 'https://api.example.com/v1';

export async function runSync(taskId: string): Promise<void> {
  try {
    const since = (await AsyncStorage.getItem('lastSync')) ?? '1970-01-01T00:00:00Z';
    const res = await fetch(`${API}/changes?since=${encodeURIComponent(since)}`);
    if (res.ok) {
      await AsyncStorage.setItem('lastSync', new Date().toISOString());
    }
    console.log(`[BackgroundFetch] ${taskId}: HTTP ${res.status}`);
  } catch (err) {
    console.warn(`[BackgroundFetch] ${taskId} failed`, err);
  }
}
