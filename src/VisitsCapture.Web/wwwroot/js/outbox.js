// The tablet's outbox: each visit logged on the hall screen waits in IndexedDB under its client id (a UUID made
// here) until the server acknowledges it. The server stores a client id once, so sending an entry again after a
// lost answer is safe. Entries the server refuses (400, 403, 409, 422) move to a "needs attention" list.
// Plain IndexedDB, no library. Everything here is emptied at sign-out.

const DB_NAME = 'visitscapture';
const DB_VERSION = 1;
export const OUTBOX = 'outbox';
export const ATTENTION = 'attention';
export const DAYS = 'days';

let opening = null;

function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const [name, keyPath] of [[OUTBOX, 'clientId'], [ATTENTION, 'clientId'], [DAYS, 'establishment']]) {
          if (!db.objectStoreNames.contains(name)) {
            db.createObjectStore(name, { keyPath });
          }
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another page deleting the database (sign-out) must not be blocked by this connection.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => {
        opening = null;
        reject(request.error);
      };
    });
  }
  return opening;
}

async function run(stores, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(stores, mode);
    const request = work(tx);
    tx.oncomplete = () => resolve(request ? request.result : undefined);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

export const all = (store) => run(store, 'readonly', (tx) => tx.objectStore(store).getAll());
export const get = (store, key) => run(store, 'readonly', (tx) => tx.objectStore(store).get(key));
export const put = (store, value) => run(store, 'readwrite', (tx) => tx.objectStore(store).put(value));
export const remove = (store, key) => run(store, 'readwrite', (tx) => tx.objectStore(store).delete(key));

async function needsAttention(entry, problem) {
  await run([OUTBOX, ATTENTION], 'readwrite', (tx) => {
    tx.objectStore(OUTBOX).delete(entry.clientId);
    tx.objectStore(ATTENTION).put({ ...entry, problem });
  });
}

/** A new outbox entry for a visit: only what the server needs, under a fresh client id. */
export function entry(establishment, sessionLabel, payload) {
  return { clientId: crypto.randomUUID(), establishment, sessionLabel, payload, queuedAt: new Date().toISOString() };
}

export class SignInNeeded extends Error {}

/** A fresh antiforgery token for the signed-in user (a cached page may carry an old one). */
export async function token() {
  const response = await fetch('/api/antiforgery/token', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    throw new SignInNeeded('Sign in again to send the visits waiting on this tablet.');
  }
  if (!response.ok) {
    throw new Error(`token ${response.status}`);
  }
  return (await response.json()).token;
}

/** Problem details as plain sentences, field by field. */
export function problems(body, status) {
  if (body && body.errors) {
    return Object.entries(body.errors).map(([field, messages]) => ({ field, message: [].concat(messages)[0] }));
  }
  if (status === 403) {
    return [{ field: null, message: 'You do not have access to this establishment.' }];
  }
  return [{ field: null, message: (body && (body.detail || body.title)) || `The server refused the visit (${status}).` }];
}

/**
 * Sends one entry. Returns { status: 'sent', visit } and deletes the entry when the server has it (201 or 200 for a
 * replay); { status: 'refused', code, problems } when the server will never take it as it is; { status: 'retry' } when
 * the network or server failed; { status: 'signin' } when the sign-in has expired.
 */
export async function send(item, requestToken) {
  let response;
  try {
    response = await fetch(`/api/establishments/${encodeURIComponent(item.establishment)}/visits`, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Idempotency-Key': item.clientId,
        RequestVerificationToken: requestToken,
      },
      body: JSON.stringify(item.payload),
    });
  } catch {
    return { status: 'retry' };
  }
  if (response.ok) {
    const visit = await response.json().catch(() => null);
    await remove(OUTBOX, item.clientId);
    return { status: 'sent', visit };
  }
  if (response.status === 401) {
    return { status: 'signin' };
  }
  if ([400, 403, 404, 409, 422].includes(response.status)) {
    const body = await response.json().catch(() => null);
    return { status: 'refused', code: response.status, problems: problems(body, response.status) };
  }
  return { status: 'retry' };
}

/** Sends one entry with a fresh token; a 400 is tried once more with a new token (an expired antiforgery token). */
export async function sendNow(item) {
  let result = await send(item, await token());
  if (result.status === 'refused' && result.code === 400) {
    result = await send(item, await token());
  }
  return result;
}

let syncing = null;

/** Sends every waiting entry, oldest first; stops at the first network failure. One run at a time. */
export function sync() {
  if (!syncing) {
    syncing = syncAll().finally(() => {
      syncing = null;
    });
  }
  return syncing;
}

async function syncAll() {
  const waiting = (await all(OUTBOX)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  const outcome = { sent: 0, refused: 0, stopped: null };
  if (waiting.length === 0) {
    return outcome;
  }
  let requestToken;
  try {
    requestToken = await token();
  } catch (e) {
    outcome.stopped = e instanceof SignInNeeded ? 'signin' : 'network';
    return outcome;
  }
  for (const item of waiting) {
    let result = await send(item, requestToken);
    if (result.status === 'refused' && result.code === 400) {
      try {
        requestToken = await token();
      } catch {
        outcome.stopped = 'network';
        return outcome;
      }
      result = await send(item, requestToken);
    }
    if (result.status === 'sent') {
      outcome.sent++;
    } else if (result.status === 'refused') {
      await needsAttention(item, result.problems.map((p) => p.message).join(' '));
      outcome.refused++;
    } else {
      outcome.stopped = result.status === 'signin' ? 'signin' : 'network';
      return outcome;
    }
  }
  return outcome;
}

/** Empties the outbox, the needs-attention list and the saved days: the database is deleted. */
export async function clearAll() {
  if (opening) {
    try {
      (await opening).close();
    } catch {
      // not open
    }
    opening = null;
  }
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  if ('caches' in window) {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith('vc-')).map((k) => caches.delete(k)));
  }
}

/**
 * On the sign-out button: try to send what is waiting, warn if anything is still unsent, then delete the outbox
 * before the sign-out is posted (the server's Clear-Site-Data answer clears it again).
 */
export function clearOnSignOut() {
  for (const form of document.querySelectorAll('form[action="/account/logout"]')) {
    form.addEventListener('submit', async (event) => {
      if (form.dataset.cleared) {
        return;
      }
      event.preventDefault();
      try {
        if (navigator.onLine) {
          await Promise.race([sync(), new Promise((resolve) => setTimeout(resolve, 5000))]);
        }
        const waiting = (await all(OUTBOX)).length;
        if (waiting > 0 && !window.confirm(`${waiting} visit${waiting === 1 ? ' has' : 's have'} not been sent yet and will be deleted from this tablet if you sign out. Sign out anyway?`)) {
          return;
        }
        await clearAll();
      } catch {
        // Storage not available: nothing to clear.
      }
      form.dataset.cleared = 'true';
      form.submit();
    });
  }
}
