import { BackgroundRunner } from '@capacitor/background-runner';

const LABEL = 'com.example.fieldnotes.sync';

const status = document.getElementById('status');
const note = document.getElementById('note');

async function init() {
  const permissions = await BackgroundRunner.checkPermissions();
  if (permissions.notifications !== 'granted') {
    await BackgroundRunner.requestPermissions({ apis: ['notifications'] });
  }
}

document.getElementById('save').addEventListener('click', async () => {
  const text = note.value.trim();
  if (!text) return;
  // Queue the note in the runner's key-value store; the periodic
  // 'myCustomEvent' run uploads the queue.
  await BackgroundRunner.dispatchEvent({
    label: LABEL,
    event: 'queueNote',
    details: { text, createdAt: new Date().toISOString() },
  });
  note.value = '';
  status.textContent = 'Saved. It will sync in the background.';
});

init().catch((err) => {
  status.textContent = `Background setup failed: ${err.message}`;
});
