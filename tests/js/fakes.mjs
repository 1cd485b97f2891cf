// Test doubles for the hall's modules: an in-memory outbox store and a fake hall API with the server's rules that
// matter to the tablet (a client id is stored once; a change must carry the visit's current version).
import { ATTENTION, DAYS, OUTBOX } from '../../src/VisitsCapture.Web/wwwroot/js/outbox.js';

export function memoryStore() {
  const stores = { [OUTBOX]: new Map(), [ATTENTION]: new Map(), [DAYS]: new Map() };
  const keyOf = (store, value) => (store === DAYS ? value.establishment : value.clientId);
  return {
    stores,
    all: async (store) => [...stores[store].values()].map((v) => structuredClone(v)),
    get: async (store, key) => structuredClone(stores[store].get(key)),
    put: async (store, value) => { stores[store].set(keyOf(store, value), structuredClone(value)); },
    remove: async (store, key) => { stores[store].delete(key); },
    toAttention: async (item, problem, code) => {
      stores[OUTBOX].delete(item.clientId);
      stores[ATTENTION].set(item.clientId, { ...structuredClone(item), problem, code });
    },
    close: async () => {},
  };
}

/** A store whose every write fails, as IndexedDB does in some private modes. */
export function brokenStore() {
  const fail = async () => { throw new Error('IndexedDB is not available'); };
  return { all: fail, get: fail, put: fail, remove: fail, toAttention: fail, close: async () => {} };
}

const json = (status, body) => ({ status, ok: status >= 200 && status < 300, json: async () => body });

/**
 * The hall API as the tablet sees it. `calls` records every request; `behave` lets a test change the answer of the
 * next calls (e.g. { lose: 1 } stores the visit but drops the answer, as a lost connection does).
 */
export function fakeApi({ token = 'page-token' } = {}) {
  const api = {
    visits: new Map(),
    byKey: new Map(),
    calls: [],
    validTokens: new Set([token]),
    signedIn: true,
    down: false,
    loseAnswers: 0,
    nextId: 1,
    freshTokens: 0,
  };
  let versions = 0;
  const version = () => `v${++versions}`;
  api.add = (visit) => {
    const stored = { id: api.nextId++, outcome: null, arrivedAt: null, endedAt: null, removed: false, ...visit, version: version() };
    api.visits.set(stored.id, stored);
    return stored;
  };
  api.touch = (id, change) => Object.assign(api.visits.get(id), change, { version: version() });

  api.fetch = async (url, init = {}) => {
    api.calls.push({ url, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : null });
    if (api.down) {
      throw new TypeError('Failed to fetch');
    }
    if (!api.signedIn) {
      return json(401, null);
    }
    if (url === '/api/antiforgery/token') {
      const t = `fresh-${++api.freshTokens}`;
      api.validTokens.add(t);
      return json(200, { token: t, header: 'RequestVerificationToken' });
    }
    const method = init.method ?? 'GET';
    if (method !== 'GET' && !api.validTokens.has(init.headers.RequestVerificationToken)) {
      return json(400, null);
    }
    const answer = (status, body) => {
      if (api.loseAnswers > 0) {
        api.loseAnswers--;
        throw new TypeError('Failed to fetch');
      }
      return json(status, body);
    };
    const body = init.body ? JSON.parse(init.body) : null;
    let m;
    if (method === 'POST' && /\/visits$/.test(url)) {
      if (body.visitorPostcode === 'NOT A POSTCODE') {
        return answer(422, { errors: { visitorPostcode: ['Enter a real postcode'] } });
      }
      const key = init.headers['Idempotency-Key'];
      if (api.byKey.has(key)) {
        return answer(200, api.visits.get(api.byKey.get(key)));
      }
      const stored = api.add({ ...body, prisoner: body.prisoner.toUpperCase(), warnings: [] });
      api.byKey.set(key, stored.id);
      return answer(201, stored);
    }
    if ((m = /\/visits\/(\d+)(\/outcome|\/end)?$/.exec(url))) {
      const visit = api.visits.get(Number(m[1]));
      if (!visit) {
        return answer(404, { title: 'Not Found' });
      }
      if (method === 'GET') {
        return json(200, visit);
      }
      if (body.version !== visit.version) {
        return answer(409, { title: 'Changed by someone else', detail: 'This visit was changed by someone else since you read it.' });
      }
      if (m[2] === '/outcome') {
        api.touch(visit.id, { outcome: body.outcome, arrivedAt: visit.arrivedAt ?? body.at });
      } else if (m[2] === '/end') {
        api.touch(visit.id, { endedAt: body.at ?? '12:00', outcome: visit.outcome ?? 'Attended' });
      } else {
        const { version: _, ...fields } = body;
        api.touch(visit.id, fields);
      }
      return answer(200, visit);
    }
    return json(404, null);
  };
  return api;
}
