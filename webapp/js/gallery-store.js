// The gallery's storage: finished generations in this browser's IndexedDB (images as PNG blobs), kept across reloads
// and shared by the tabs of this site. Each entry: {id, created, source, settings (the request that reproduces the
// run), accepted ({jobId, node, seed, modelVersion}), elapsedMs, numClasses, finals: [PNG per image],
// trajectory: {xt: [[{step, png}] per image], x0: …}}. The oldest entries go beyond MAX_ENTRIES.

const DB = 'guidestream';
const STORE = 'generations';
const MAX_ENTRIES = 200;

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

/** Runs fn(store) in one transaction and resolves with the value of the request it returns (if any). */
async function transact(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('the gallery transaction was aborted'));
  });
}

class GalleryStore extends EventTarget {
  constructor() {
    super();
    // Other tabs of this site hear of changes too, so their galleries stay current.
    this.channel = new BroadcastChannel('guidestream.gallery');
    this.channel.onmessage = () => this.dispatchEvent(new Event('change'));
  }

  changed() {
    this.dispatchEvent(new Event('change'));
    this.channel.postMessage('change');
  }

  /** Adds an entry; listeners get 'change'. Resolves with its id. */
  async add(entry) {
    const id = await transact('readwrite', (s) => s.add({ ...entry, created: new Date().toISOString() }));
    await this.prune();
    this.changed();
    return id;
  }

  /** Every entry, newest first. */
  async all() {
    const entries = await transact('readonly', (s) => s.getAll());
    return entries.reverse();
  }

  get(id) {
    return transact('readonly', (s) => s.get(id));
  }

  async remove(id) {
    await transact('readwrite', (s) => s.delete(id));
    this.changed();
  }

  async clear() {
    await transact('readwrite', (s) => s.clear());
    this.changed();
  }

  async prune() {
    const keys = await transact('readonly', (s) => s.getAllKeys());
    const surplus = keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES));
    if (surplus.length) await transact('readwrite', (s) => { surplus.forEach((k) => s.delete(k)); });
  }
}

export const gallery = new GalleryStore();
