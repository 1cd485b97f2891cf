import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATTENTION, KINDS, OUTBOX, Outbox, Tokens, applied, entry, idbStore, request } from '../../src/VisitsCapture.Web/wwwroot/js/outbox.js';
import { fakeApi, memoryStore } from './fakes.mjs';

const visit = { sessionId: 1, prisoner: 'a1234bc', adults: 1, children0To4: 0, children5To11: 0, children12To17: 0, outcome: 'Attended' };

function setUp(options) {
  const api = fakeApi(options);
  const store = memoryStore();
  const outbox = new Outbox(store, api.fetch, new Tokens(api.fetch, 'page-token'));
  return { api, store, outbox };
}

const posts = (api) => api.calls.filter((c) => c.method !== 'GET' && c.url !== '/api/antiforgery/token');

test('a new visit is sent with its client id as the Idempotency-Key and the page token, with no token round trip', async () => {
  const { api, store, outbox } = setUp();
  const item = entry(KINDS.create, 'OFL', 'A1234BC', visit);
  await store.put(OUTBOX, item);
  const result = await outbox.send(item);
  assert.equal(result.status, 'sent');
  assert.equal(api.calls.length, 1);
  assert.equal(api.calls[0].headers['Idempotency-Key'], item.clientId);
  assert.equal(api.calls[0].headers.RequestVerificationToken, 'page-token');
  assert.equal((await store.all(OUTBOX)).length, 0);
});

test('an answer lost on the way back is retried under the same client id and the visit is stored once', async () => {
  const { api, store, outbox } = setUp();
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'A1234BC', visit));
  api.loseAnswers = 1;
  const first = await outbox.sync();
  assert.deepEqual(first, { sent: 0, refused: 0, stopped: 'network', visits: [] });
  assert.equal((await store.all(OUTBOX)).length, 1, 'kept until the server acknowledges it');
  const second = await outbox.sync();
  assert.equal(second.sent, 1);
  assert.equal(api.visits.size, 1);
  const keys = posts(api).map((c) => c.headers['Idempotency-Key']);
  assert.equal(keys.length, 2);
  assert.equal(new Set(keys).size, 1);
  assert.equal((await store.all(OUTBOX)).length, 0);
});

test('two syncs at once (the online event and the timer) send each entry once', async () => {
  const { api, store, outbox } = setUp();
  for (const p of ['A1111AA', 'B2222BB', 'C3333CC']) {
    await store.put(OUTBOX, entry(KINDS.create, 'OFL', p, { ...visit, prisoner: p }));
  }
  const [a, b] = await Promise.all([outbox.sync(), outbox.sync()]);
  assert.equal(a, b);
  assert.equal(posts(api).length, 3);
  assert.equal(api.visits.size, 3);
});

test('a 401 stops the run, says sign in, and keeps every queued visit', async () => {
  const { api, store, outbox } = setUp();
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'A1234BC', visit));
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'B1234BC', { ...visit, prisoner: 'B1234BC' }));
  api.signedIn = false;
  const result = await outbox.sync();
  assert.equal(result.stopped, 'signin');
  assert.equal((await store.all(OUTBOX)).length, 2);
  assert.equal((await store.all(ATTENTION)).length, 0);
});

test('a 400 (stale antiforgery token) is sent again once with a fresh token', async () => {
  const { api, store, outbox } = setUp({ token: 'other' });
  const item = entry(KINDS.create, 'OFL', 'A1234BC', visit);
  await store.put(OUTBOX, item);
  const result = await outbox.send(item);
  assert.equal(result.status, 'sent');
  assert.deepEqual(api.calls.map((c) => c.url), ['/api/establishments/OFL/visits', '/api/antiforgery/token', '/api/establishments/OFL/visits']);
  assert.equal(api.calls[2].headers.RequestVerificationToken, 'fresh-1');
});

test('a 400 that a fresh token does not cure is refused, not retried for ever', async () => {
  const { api, store, outbox } = setUp({ token: 'other' });
  api.validTokens.clear();
  const origin = api.fetch;
  api.fetch = async (url, init) => (url === '/api/antiforgery/token' ? { status: 200, ok: true, json: async () => ({ token: 'useless' }) } : origin(url, init));
  const box = new Outbox(store, api.fetch, new Tokens(api.fetch, 'stale'));
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'A1234BC', visit));
  const result = await box.sync();
  assert.equal(result.refused, 1);
  const [held] = await store.all(ATTENTION);
  assert.equal(held.code, 400);
});

test('a 422 moves the visit to needs attention with the server\'s reason', async () => {
  const { api, store, outbox } = setUp();
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'A1234BC', { ...visit, visitorPostcode: 'NOT A POSTCODE' }));
  const result = await outbox.sync();
  assert.equal(result.refused, 1);
  assert.equal((await store.all(OUTBOX)).length, 0);
  const [held] = await store.all(ATTENTION);
  assert.equal(held.problem, 'Enter a real postcode');
  assert.equal(held.code, 422);
  assert.equal(api.visits.size, 0);
});

test('offline arrived then ended on one visit: sent in order, the second on the version the first got back', async () => {
  const { api, store, outbox } = setUp();
  const stored = api.add({ prisoner: 'A1234BC' });
  const seen = { id: stored.id, version: stored.version, prisoner: 'A1234BC' };
  await store.put(OUTBOX, entry(KINDS.outcome, 'OFL', 'A1234BC', { outcome: 'Attended', at: '14:05' }, seen.id, seen.version));
  await store.put(OUTBOX, entry(KINDS.end, 'OFL', 'A1234BC', { at: '15:30' }, seen.id, seen.version));
  const result = await outbox.sync();
  assert.deepEqual([result.sent, result.refused, result.stopped], [2, 0, null]);
  assert.deepEqual(result.visits.map((v) => v.id), [stored.id, stored.id]);
  assert.deepEqual([stored.outcome, stored.arrivedAt, stored.endedAt], ['Attended', '14:05', '15:30']);
  assert.deepEqual(posts(api).map((c) => c.url), ['/api/establishments/OFL/visits/1/outcome', '/api/establishments/OFL/visits/1/end']);
});

test('an outcome whose answer was lost is not a conflict when resent: the visit already shows it', async () => {
  const { api, store, outbox } = setUp();
  const stored = api.add({ prisoner: 'A1234BC' });
  await store.put(OUTBOX, entry(KINDS.outcome, 'OFL', 'A1234BC', { outcome: 'Attended', at: '14:05' }, stored.id, stored.version));
  api.loseAnswers = 1;
  assert.equal((await outbox.sync()).stopped, 'network');
  const again = await outbox.sync();
  assert.deepEqual([again.sent, again.refused, again.stopped], [1, 0, null]);
  assert.equal(again.visits[0].outcome, 'Attended');
  assert.equal((await store.all(ATTENTION)).length, 0);
  assert.equal(posts(api).length, 2, 'the retry reached the server, which refused to apply it twice');
});

test('a change made meanwhile by someone else (409) goes to needs attention, not applied', async () => {
  const { api, store, outbox } = setUp();
  const stored = api.add({ prisoner: 'A1234BC' });
  const old = stored.version;
  api.touch(stored.id, { tableNumber: '7' });
  await store.put(OUTBOX, entry(KINDS.outcome, 'OFL', 'A1234BC', { outcome: 'Attended', at: '14:05' }, stored.id, old));
  const result = await outbox.sync();
  assert.equal(result.refused, 1);
  const [held] = await store.all(ATTENTION);
  assert.equal(held.code, 409);
  assert.match(held.problem, /changed by someone else/);
  assert.equal(stored.outcome, null);
});

test('a correction goes as PUT with the version; a 404 is refused', async () => {
  const item = entry(KINDS.correct, 'OFL', 'A1234BC', { ...visit, adults: 3 }, 9, 'v7');
  const [url, init] = request(item, 't');
  assert.equal(url, '/api/establishments/OFL/visits/9');
  assert.equal(init.method, 'PUT');
  assert.equal(JSON.parse(init.body).version, 'v7');
  assert.equal(init.headers['Idempotency-Key'], undefined);
  const { store, outbox } = setUp();
  await store.put(OUTBOX, item);
  const result = await outbox.send(item);
  assert.deepEqual([result.status, result.code], ['refused', 404]);
});

test('applied compares what the change asked for with the stored visit', () => {
  const outcome = entry(KINDS.outcome, 'X', '', { outcome: 'NoShow' }, 1, 'v1');
  assert.equal(applied(outcome, { outcome: 'NoShow' }), true);
  assert.equal(applied(outcome, { outcome: null }), false);
  assert.equal(applied(outcome, { outcome: 'NoShow', removed: true }), false);
  const correct = entry(KINDS.correct, 'X', '', { prisoner: 'a1234bc', adults: 2, tableNumber: 'b4', sessionId: 3 }, 1, 'v1');
  assert.equal(applied(correct, { prisoner: 'A1234BC', adults: 2, tableNumber: 'B4', sessionId: 3 }), true);
  assert.equal(applied(correct, { prisoner: 'A1234BC', adults: 1, tableNumber: 'B4', sessionId: 3 }), false);
});

test('idbStore fails clearly when the browser has no IndexedDB', async () => {
  const store = idbStore(undefined);
  await assert.rejects(() => store.put(OUTBOX, { clientId: 'x' }), /IndexedDB is not available/);
});

test('a 200 that is not the API\'s JSON (a sign-in page in between) keeps the visit queued', async () => {
  const store = memoryStore();
  const html = async () => ({ status: 200, ok: true, json: async () => { throw new SyntaxError('Unexpected token <'); } });
  const outbox = new Outbox(store, html, new Tokens(html, 'page-token'));
  await store.put(OUTBOX, entry(KINDS.create, 'OFL', 'A1234BC', visit));
  const result = await outbox.sync();
  assert.equal(result.stopped, 'network');
  assert.equal((await store.all(OUTBOX)).length, 1);
});
