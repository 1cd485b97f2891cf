import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ATTENTION, KINDS, OUTBOX, Outbox, Tokens, entry } from '../../src/VisitsCapture.Web/wwwroot/js/outbox.js';
import { Capture, describe, formValues, matches, pending, prisonerProblem, quickActions, quickEntry, readVisit, step, waitingRank } from '../../src/VisitsCapture.Web/wwwroot/js/hall.js';
import { brokenStore, fakeApi, memoryStore } from './fakes.mjs';

const form = { SessionId: '4', Prisoner: ' a1234bc ', Adults: '2', Children0To4: '0', Children5To11: '1', Children12To17: '', Relationship: 'Parent', FirstVisit: true };
const at1405 = new Date('2026-06-01T13:05:00Z'); // 14:05 in London (BST)

function setUp(store = memoryStore(), online = true) {
  const api = fakeApi();
  const outbox = new Outbox(store, api.fetch, new Tokens(api.fetch, 'page-token'));
  const plain = [];
  const capture = new Capture(outbox, { online: () => online, fallback: (item) => plain.push(item) });
  return { api, store, outbox, capture, plain };
}

test('readVisit makes the API payload, stamping the arrival only on the day itself', () => {
  const today = readVisit(form, 'Attended', { stampArrival: true, now: at1405 });
  assert.deepEqual(today.errors, []);
  assert.equal(today.payload.sessionId, 4);
  assert.equal(today.payload.children12To17, 0);
  assert.equal(today.payload.arrivedAt, '14:05');
  const pastDay = readVisit(form, 'Attended', { stampArrival: false, now: at1405 });
  assert.equal(pastDay.payload.arrivedAt, null, 'an earlier day takes the session\'s times on the server');
  assert.equal(readVisit({ ...form, ArrivedAt: '13:50' }, 'Attended', { stampArrival: true, now: at1405 }).payload.arrivedAt, '13:50');
});

test('readVisit reports every problem with the server\'s messages', () => {
  const { errors } = readVisit({ Prisoner: '12345', Adults: 'two', Children0To4: '21' }, null);
  assert.deepEqual(errors.map((e) => e.field), ['SessionId', 'Prisoner', 'Adults', 'Children0To4']);
  assert.equal(readVisit({ ...form, Adults: '0', Children5To11: '0' }, null).errors[0].message, 'Enter at least one visitor');
  assert.equal(readVisit(form, null, { needsConfirmation: true }).errors[0].field, 'ConfirmRevision');
  assert.deepEqual(readVisit({ ...form, ConfirmRevision: true }, null, { needsConfirmation: true }).errors, []);
  assert.equal(prisonerProblem(''), 'Enter the prison number');
  assert.equal(prisonerProblem('k 1234 lm'), null);
});

test('steppers stay between 0 and 20 and treat an empty box as 0', () => {
  assert.equal(step('', 1), 1);
  assert.equal(step('0', -1), 0);
  assert.equal(step('20', 1), 20);
  assert.equal(step('x', 1), 1);
});

test('the list: waiting visits first, quick buttons by state, filter by any part of the number', () => {
  const visits = [{ outcome: 'NoShow' }, { outcome: 'Attended', endedAt: '15:00' }, { outcome: 'Attended' }, { outcome: null }];
  assert.deepEqual(visits.map(waitingRank), [2, 2, 1, 0]);
  assert.deepEqual(quickActions({ outcome: null }, true), ['Attended', 'NoShow']);
  assert.deepEqual(quickActions({ outcome: 'Attended' }, true), ['End']);
  assert.deepEqual(quickActions({ outcome: 'Attended' }, false), []);
  assert.deepEqual(quickActions({ outcome: 'Attended', endedAt: '15:00' }, true), []);
  assert.deepEqual(quickActions({ outcome: null, removed: true }, true), []);
  assert.equal(matches('A1234BC', ' 234 b'), true);
  assert.equal(matches('A1234BC', 'Z9'), false);
});

test('quick entries carry the visit\'s version and the time of the tap; pending shows the change before it is sent', () => {
  const visit = { id: 5, version: 'v1', prisoner: 'A1234BC', outcome: null };
  const arrived = quickEntry('Attended', 'OFL', visit, { isToday: true, now: at1405 });
  assert.deepEqual([arrived.kind, arrived.visitId, arrived.version, arrived.payload.at], [KINDS.outcome, 5, 'v1', '14:05']);
  const noShow = quickEntry('NoShow', 'OFL', visit, { isToday: true, now: at1405 });
  assert.equal(noShow.payload.at, null);
  const shown = pending(visit, arrived);
  assert.deepEqual([shown.outcome, shown.arrivedAt, shown.waiting], ['Attended', '14:05', true]);
  assert.deepEqual(quickActions(shown, true), ['End']);
  const ended = quickEntry('End', 'OFL', shown, { isToday: true, now: at1405 });
  assert.equal(ended.kind, KINDS.end);
  assert.equal(describe(arrived), 'A1234BC, mark attended');
  assert.deepEqual(formValues(arrived.payload), { Outcome: 'Attended', ArrivedAt: '14:05' });
});

test('IndexedDB unavailable: the tap posts the plain form instead, and says so by its result', async () => {
  const { api, capture, plain } = setUp(brokenStore());
  const item = entry(KINDS.create, 'OFL', 'A1234BC', readVisit(form, 'Attended').payload);
  const result = await capture.submit(item);
  assert.equal(result.status, 'plain');
  assert.deepEqual(plain, [item]);
  assert.equal(api.calls.length, 0);
});

test('a double tap sends once', async () => {
  const { api, capture } = setUp();
  const payload = readVisit(form, 'Attended').payload;
  const item = entry(KINDS.create, 'OFL', 'A1234BC', payload);
  const [first, second] = await Promise.all([capture.submit(item), capture.submit(entry(KINDS.create, 'OFL', 'A1234BC', payload))]);
  assert.equal(first.status, 'sent');
  assert.equal(second.status, 'busy');
  assert.equal(api.calls.length, 1);
  assert.equal(api.visits.size, 1);
  // Once answered, the next tap is a new visit.
  assert.equal((await capture.submit(entry(KINDS.create, 'OFL', 'A1234BC', payload))).status, 'sent');
  assert.equal(api.visits.size, 2);
});

test('taps on two different visits in the list are not taken for a double tap', async () => {
  const { api, capture } = setUp();
  const a = api.add({ prisoner: 'A1111AA' });
  const b = api.add({ prisoner: 'B2222BB' });
  const results = await Promise.all([a, b].map((v) => capture.submit(quickEntry('Attended', 'OFL', v, { isToday: true }))));
  assert.deepEqual(results.map((r) => r.status), ['sent', 'sent']);
});

test('offline the tap is queued; the network failing mid-send is queued too', async () => {
  const offline = setUp(memoryStore(), false);
  assert.equal((await offline.capture.submit(entry(KINDS.create, 'OFL', 'A', readVisit(form, null).payload))).status, 'queued');
  assert.equal((await offline.store.all(OUTBOX)).length, 1);
  assert.equal(offline.api.calls.length, 0);
  const flaky = setUp();
  flaky.api.down = true;
  assert.equal((await flaky.capture.submit(entry(KINDS.create, 'OFL', 'A', readVisit(form, null).payload))).status, 'queued');
  assert.equal((await flaky.store.all(OUTBOX)).length, 1);
});

test('an expired sign-in (401) is reported as such and the visit stays queued', async () => {
  const { api, store, capture } = setUp();
  api.signedIn = false;
  const result = await capture.submit(entry(KINDS.create, 'OFL', 'A', readVisit(form, null).payload));
  assert.equal(result.status, 'signin');
  assert.equal((await store.all(OUTBOX)).length, 1);
});

test('a new visit the server refuses (422) is dropped to be fixed on the form; a refused change waits under needs attention', async () => {
  const { api, store, capture } = setUp();
  const bad = await capture.submit(entry(KINDS.create, 'OFL', 'A', { ...readVisit(form, null).payload, visitorPostcode: 'NOT A POSTCODE' }));
  assert.deepEqual([bad.status, bad.code, bad.problems[0].field], ['refused', 422, 'visitorPostcode']);
  assert.equal((await store.all(OUTBOX)).length, 0);
  assert.equal((await store.all(ATTENTION)).length, 0);
  const v = api.add({ prisoner: 'A1234BC' });
  const seen = { ...v };
  api.touch(v.id, { tableNumber: '3' });
  const conflict = await capture.submit(quickEntry('NoShow', 'OFL', seen, { isToday: true }));
  assert.deepEqual([conflict.status, conflict.code], ['refused', 409]);
  assert.equal((await store.all(ATTENTION)).length, 1);
});
