// The tablet's outbox: every change made on the hall screen (a new visit, an outcome, an end time, a correction)
// waits in IndexedDB under its own client id (a UUID made here) until the server acknowledges it, oldest first.
// Sending again after a lost answer is safe: a new visit carries its client id as the Idempotency-Key, and a change
// carries the visit's version, so the server never applies it twice (a 409 whose change is already on the visit
// counts as sent). Entries the server refuses (403, 404, 409, 422) move to "needs attention", where a person can edit
// and send them again. A 401 stops the run and keeps everything. Plain IndexedDB, no library.
//
// The logic takes its IndexedDB, fetch and clock as arguments, so it runs under `node --test` (tests/js).

const DB_NAME = 'visitscapture';
const DB_VERSION = 1;
export const OUTBOX = 'outbox';
export const ATTENTION = 'attention';
export const DAYS = 'days';

/** Kinds of entry: what the server is asked to do. */
export const KINDS = Object.freeze({ create: 'create', outcome: 'outcome', end: 'end', correct: 'correct' });

/** A store of outbox entries on IndexedDB (the browser's, or a fake one in tests). Fails if IndexedDB cannot be opened. */
export function idbStore(idb) {
  let opening = null;

  function open() {
    if (!idb) {
      return Promise.reject(new Error('IndexedDB is not available'));
    }
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = idb.open(DB_NAME, DB_VERSION);
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
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(stores, mode);
      const request = work(tx);
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  return {
    open,
    all: (store) => run(store, 'readonly', (tx) => tx.objectStore(store).getAll()),
    get: (store, key) => run(store, 'readonly', (tx) => tx.objectStore(store).get(key)),
    put: (store, value) => run(store, 'readwrite', (tx) => tx.objectStore(store).put(value)),
    remove: (store, key) => run(store, 'readwrite', (tx) => tx.objectStore(store).delete(key)),
    /** Moves an entry from the outbox to "needs attention" in one transaction, so it is never in both or neither. */
    toAttention: (item, problem, code) => run([OUTBOX, ATTENTION], 'readwrite', (tx) => {
      tx.objectStore(OUTBOX).delete(item.clientId);
      tx.objectStore(ATTENTION).put({ ...item, problem, code });
    }),
    async close() {
      if (opening) {
        try {
          (await opening).close();
        } catch {
          // not open
        }
        opening = null;
      }
    },
  };
}

let sequence = 0;

/**
 * A new outbox entry under a fresh client id. For a change to a stored visit give visitId and the version read with
 * it; label says what it is in the outbox list ("A1234BC, 14:00 to 16:00 Social").
 */
export function entry(kind, establishment, label, payload, visitId = null, version = null, now = new Date()) {
  sequence += 1;
  return { clientId: globalThis.crypto.randomUUID(), kind, establishment, label, payload, visitId, version, queuedAt: now.toISOString(), seq: sequence };
}

/** Oldest first: changes to one visit must reach the server in the order they were made. */
export const byAge = (a, b) => a.queuedAt.localeCompare(b.queuedAt) || (a.seq ?? 0) - (b.seq ?? 0);

export class SignInNeeded extends Error {}

/**
 * The antiforgery token for API calls: the one already in the page (no round trip per visit), or a fresh one from
 * /api/antiforgery/token when the page's has gone stale (the server answers 400) or the page has none.
 */
export class Tokens {
  constructor(fetchImpl, pageToken = null) {
    this.fetch = fetchImpl;
    this.value = pageToken || null;
  }

  async current() {
    return this.value ?? this.refresh();
  }

  async refresh() {
    const response = await this.fetch('/api/antiforgery/token', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.status === 401) {
      throw new SignInNeeded('Sign in again to send the changes waiting on this tablet.');
    }
    if (!response.ok) {
      throw new Error(`token ${response.status}`);
    }
    this.value = (await response.json()).token;
    return this.value;
  }
}

/** Problem details as plain sentences, field by field. */
export function problems(body, status) {
  if (body && body.errors) {
    return Object.entries(body.errors).map(([field, messages]) => ({ field, message: [].concat(messages)[0] }));
  }
  if (status === 403) {
    return [{ field: null, message: (body && body.detail) || 'You do not have access to this establishment.' }];
  }
  return [{ field: null, message: (body && (body.detail || body.title)) || `The server refused the change (${status}).` }];
}

/** The API call that carries an entry. */
export function request(item, token) {
  const base = `/api/establishments/${encodeURIComponent(item.establishment)}/visits`;
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', RequestVerificationToken: token };
  const init = (method, body) => ({ method, credentials: 'same-origin', cache: 'no-store', headers, body: JSON.stringify(body) });
  switch (item.kind) {
    case KINDS.outcome:
      return [`${base}/${item.visitId}/outcome`, init('POST', { ...item.payload, version: item.version })];
    case KINDS.end:
      return [`${base}/${item.visitId}/end`, init('POST', { ...item.payload, version: item.version })];
    case KINDS.correct:
      return [`${base}/${item.visitId}`, init('PUT', { ...item.payload, version: item.version })];
    default:
      headers['Idempotency-Key'] = item.clientId;
      return [base, init('POST', item.payload)];
  }
}

const same = (a, b) => String(a ?? '').trim().toUpperCase() === String(b ?? '').trim().toUpperCase();

/**
 * Whether a stored visit already shows the entry's change: a 409 on a resend after a lost answer is then the
 * server saying "done", not a conflict.
 */
export function applied(item, visit) {
  if (!visit || visit.removed) {
    return false;
  }
  const p = item.payload;
  switch (item.kind) {
    case KINDS.outcome:
      return same(visit.outcome, p.outcome);
    case KINDS.end:
      return visit.endedAt != null && same(visit.endedAt, p.at ?? visit.endedAt);
    case KINDS.correct:
      return ['prisoner', 'adults', 'children0To4', 'children5To11', 'children12To17', 'relationship', 'tableNumber', 'outcome', 'arrivedAt', 'endedAt']
        .every((k) => same(visit[k], p[k])) && (p.sessionId == null || visit.sessionId === p.sessionId);
    default:
      return false;
  }
}

/**
 * Sends the outbox's entries. `store` is an idbStore (or a fake), `fetchImpl` the fetch to use, `tokens` a Tokens.
 * Every result is one of: { status: 'sent', visit }, { status: 'refused', code, problems }, { status: 'retry' },
 * { status: 'signin' }.
 */
export class Outbox {
  constructor(store, fetchImpl, tokens) {
    this.store = store;
    this.fetch = fetchImpl;
    this.tokens = tokens;
    this.syncing = null;
  }

  /** One attempt with the given token; removes the entry when the server has it. */
  async attempt(item, token) {
    let response;
    try {
      response = await this.fetch(...request(item, token));
    } catch {
      return { status: 'retry' };
    }
    if (response.status === 401) {
      return { status: 'signin' };
    }
    const body = await response.json().catch(() => null);
    if (response.ok) {
      if (!body) {
        // Not the API's answer (a sign-in page from a proxy, say): keep the entry; sending again is safe.
        return { status: 'retry' };
      }
      await this.sent(item, body);
      return { status: 'sent', visit: body };
    }
    if (response.status === 409 && item.kind !== KINDS.create) {
      const visit = await this.current(item, token);
      if (applied(item, visit)) {
        await this.sent(item, visit);
        return { status: 'sent', visit };
      }
    }
    if ([400, 403, 404, 409, 422].includes(response.status)) {
      return { status: 'refused', code: response.status, problems: problems(body, response.status) };
    }
    return { status: 'retry' };
  }

  async current(item, token) {
    try {
      const response = await this.fetch(`/api/establishments/${encodeURIComponent(item.establishment)}/visits/${item.visitId}`,
        { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json', RequestVerificationToken: token } });
      return response.ok ? await response.json() : null;
    } catch {
      return null;
    }
  }

  /** Removes a sent entry; later changes to the same visit made on top of it now carry the version the server gave. */
  async sent(item, visit) {
    await this.store.remove(OUTBOX, item.clientId);
    if (item.visitId != null && visit && visit.version) {
      for (const later of await this.store.all(OUTBOX)) {
        if (later.visitId === item.visitId && later.version === item.version) {
          await this.store.put(OUTBOX, { ...later, version: visit.version });
        }
      }
    }
  }

  /** Sends one entry; a 400 (the page's antiforgery token gone stale) is tried once more with a fresh token. */
  async send(item) {
    try {
      let result = await this.attempt(item, await this.tokens.current());
      if (result.status === 'refused' && result.code === 400) {
        result = await this.attempt(item, await this.tokens.refresh());
      }
      return result;
    } catch (e) {
      return { status: e instanceof SignInNeeded ? 'signin' : 'retry' };
    }
  }

  /** Sends every waiting entry, oldest first; stops at a network failure or an expired sign-in. One run at a time. */
  sync() {
    if (!this.syncing) {
      this.syncing = this.syncAll().finally(() => {
        this.syncing = null;
      });
    }
    return this.syncing;
  }

  async syncAll() {
    // visits: the server's answers, so the page can show each change as stored.
    const outcome = { sent: 0, refused: 0, stopped: null, visits: [] };
    const waiting = (await this.store.all(OUTBOX)).sort(byAge);
    for (const queued of waiting) {
      // Read again: an earlier entry's answer may have moved this one on to a newer version.
      const item = await this.store.get(OUTBOX, queued.clientId);
      if (!item) {
        continue;
      }
      const result = await this.send(item);
      if (result.status === 'sent') {
        outcome.sent++;
        if (result.visit) {
          outcome.visits.push(result.visit);
        }
      } else if (result.status === 'refused') {
        await this.store.toAttention(item, result.problems.map((p) => p.message).join(' '), result.code);
        outcome.refused++;
      } else {
        outcome.stopped = result.status === 'signin' ? 'signin' : 'network';
        return outcome;
      }
    }
    return outcome;
  }
}

/** Empties the outbox, the needs-attention list and the saved days: the database is deleted, with the shell caches. */
export async function clearAll(store, idb = globalThis.indexedDB, cacheStorage = globalThis.caches) {
  await store?.close();
  if (idb) {
    await new Promise((resolve) => {
      const request = idb.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
  if (cacheStorage) {
    const keys = await cacheStorage.keys();
    await Promise.all(keys.filter((k) => k.startsWith('vc-')).map((k) => cacheStorage.delete(k)));
  }
}

/** The browser's outbox for this page: its IndexedDB, its fetch, and the antiforgery token the page carries. */
export function browserOutbox(doc = globalThis.document) {
  const store = idbStore(globalThis.indexedDB);
  const pageToken = doc?.querySelector('input[name="__RequestVerificationToken"]')?.value ?? null;
  return new Outbox(store, (...args) => globalThis.fetch(...args), new Tokens((...args) => globalThis.fetch(...args), pageToken));
}

/**
 * On the sign-out button: try to send what is waiting, warn if anything is still unsent, then delete the outbox
 * before the sign-out is posted (the server's Clear-Site-Data answer clears it again).
 */
export function clearOnSignOut(doc = globalThis.document) {
  for (const form of doc.querySelectorAll('form[action="/account/logout"]')) {
    form.addEventListener('submit', async (event) => {
      if (form.dataset.cleared) {
        return;
      }
      event.preventDefault();
      const outbox = browserOutbox(doc);
      try {
        if (navigator.onLine) {
          await Promise.race([outbox.sync(), new Promise((resolve) => setTimeout(resolve, 5000))]);
        }
        const waiting = (await outbox.store.all(OUTBOX)).length;
        if (waiting > 0 && !window.confirm(`${waiting} change${waiting === 1 ? ' has' : 's have'} not been sent yet and will be deleted from this tablet if you sign out. Sign out anyway?`)) {
          return;
        }
        await clearAll(outbox.store);
      } catch {
        // Storage not available: nothing to clear.
      }
      form.dataset.cleared = 'true';
      form.submit();
    });
  }
}
