// Runs in the background runner's own JavaScript context, not in the WebView:
// no DOM and no window; fetch, CapacitorKV and CapacitorNotifications exist.

function readQueue() {
  const stored = CapacitorKV.get('pendingNotes');
  return stored && stored.value ? JSON.parse(stored.value) : [];
}

// Dispatched from the app when the user saves a note.
addEventListener('queueNote', (resolve, reject, args) => {
  try {
    const queue = readQueue();
    queue.push(args);
    CapacitorKV.set('pendingNotes', JSON.stringify(queue));
    resolve();
  } catch (err) {
    reject(err);
  }
});

// The periodic event configured in capacitor.config.json.
addEventListener('myCustomEvent', async (resolve, reject, args) => {
  try {
    const queue = readQueue();
    if (queue.length === 0) {
      resolve();
      return;
    }
    const res = await fetch('https://api.example.com/v1/notes/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ notes: queue }),
    });
    if (!res.ok) {
      throw new Error(`upload failed: HTTP ${res.status}`);
    }
    CapacitorKV.set('pendingNotes', '[]');
    CapacitorKV.set('lastSync', new Date().toISOString());
    resolve();
  } catch (err) {
    console.error('background sync failed', err);
    reject(err);
  }
});
