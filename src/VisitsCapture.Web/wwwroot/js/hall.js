// The visits hall's logic, without the page: reading and checking the visit form, steppers, the list's quick
// outcome buttons and prison-number filter, and Capture, which sends a tap through the outbox (or, when the tablet
// cannot store it, lets the plain form post it). hall-page.js wires these to the page; tests/js tests them.
import { KINDS, OUTBOX, entry } from './outbox.js';

export const MAX_PER_BAND = 20;

export const londonDate = (now = new Date()) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

export const londonTime = (now = new Date()) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);

/** A stepper's next value: the typed number (0 if none) moved by delta, kept within 0 and the most per age band. */
export function step(text, delta) {
  const n = Number.parseInt(String(text ?? ''), 10);
  return Math.min(MAX_PER_BAND, Math.max(0, (Number.isNaN(n) ? 0 : n) + delta));
}

const COUNTS = [['Adults', 'adults'], ['Children0To4', 'children aged 0 to 4'], ['Children5To11', 'children aged 5 to 11'], ['Children12To17', 'children aged 12 to 17']];

// The server checks everything again (VisitRules); these checks only save an officer a round trip, or a change
// queued offline that the server would refuse later. The messages are the server's.
function count(values, name, words, errors) {
  const text = String(values[name] ?? '').trim();
  if (text === '') {
    return 0;
  }
  if (!/^-?\d{1,9}$/.test(text)) {
    errors.push({ field: name, message: `The number of ${words} must be a number, like 2` });
    return null;
  }
  const n = Number.parseInt(text, 10);
  if (n < 0 || n > MAX_PER_BAND) {
    errors.push({ field: name, message: `The number of ${words} must be between 0 and ${MAX_PER_BAND}` });
  }
  return n;
}

export function prisonerProblem(text) {
  const prisoner = String(text ?? '').replace(/\s+/g, '').toUpperCase();
  if (prisoner === '') {
    return 'Enter the prison number';
  }
  return /^[A-Z][0-9]{4}[A-Z]{2}$/.test(prisoner) ? null : 'Enter a prison number in the right format: one letter, four numbers and two letters, like A1234BC';
}

/**
 * The visit form's values (field name → text, FirstVisit and ConfirmRevision as booleans) as an API payload, with
 * the problems found. `outcome` is the tapped button's (log) or the chosen radio's (correct). On the day itself an
 * Attended visit is stamped with the time of the tap (`stampArrival`), so a visit sent later keeps it; on an earlier
 * day the server uses the session's times.
 */
export function readVisit(values, outcome, { stampArrival = false, now = new Date(), needsConfirmation = false } = {}) {
  const errors = [];
  const text = (name) => String(values[name] ?? '').trim();
  const sessionId = Number.parseInt(text('SessionId'), 10);
  if (Number.isNaN(sessionId)) {
    errors.push({ field: 'SessionId', message: 'Select the session' });
  }
  const prisonerError = prisonerProblem(values.Prisoner);
  if (prisonerError) {
    errors.push({ field: 'Prisoner', message: prisonerError });
  }
  const [adults, c04, c511, c1217] = COUNTS.map(([name, words]) => count(values, name, words, errors));
  const payload = {
    sessionId: Number.isNaN(sessionId) ? null : sessionId,
    prisoner: text('Prisoner'),
    adults,
    children0To4: c04,
    children5To11: c511,
    children12To17: c1217,
    relationship: text('Relationship') || null,
    firstVisit: Boolean(values.FirstVisit),
    visitorPostcode: text('VisitorPostcode') || null,
    tableNumber: text('TableNumber') || null,
    outcome: outcome || null,
    arrivedAt: text('ArrivedAt') || (outcome === 'Attended' && stampArrival ? londonTime(now) : null),
    endedAt: text('EndedAt') || null,
  };
  if (errors.length === 0 && adults + c04 + c511 + c1217 === 0) {
    errors.push({ field: 'Adults', message: 'Enter at least one visitor' });
  }
  if (needsConfirmation && !values.ConfirmRevision) {
    errors.push({ field: 'ConfirmRevision', message: 'Confirm that the signed-off return will be revised, or leave this day unchanged' });
  }
  return { payload, errors };
}

/** The form's values as the visit form partial names them, from an outbox payload: to edit a change and send it again. */
export function formValues(payload) {
  const names = { sessionId: 'SessionId', prisoner: 'Prisoner', adults: 'Adults', children0To4: 'Children0To4', children5To11: 'Children5To11',
    children12To17: 'Children12To17', relationship: 'Relationship', firstVisit: 'FirstVisit', visitorPostcode: 'VisitorPostcode',
    tableNumber: 'TableNumber', outcome: 'Outcome', arrivedAt: 'ArrivedAt', endedAt: 'EndedAt' };
  const values = {};
  for (const [key, name] of Object.entries(names)) {
    if (payload[key] !== undefined) {
      values[name] = payload[key];
    }
  }
  // An outcome change queued from the list: its time is the arrival's or the end's.
  if (payload.at && payload.outcome === 'Attended') {
    values.ArrivedAt = payload.at;
  } else if (payload.at) {
    values.EndedAt = payload.at;
  }
  return values;
}

/** What an outbox entry is, for its line in the outbox list. */
export function describe(item) {
  const p = item.payload ?? {};
  const what = {
    [KINDS.outcome]: `mark ${String(p.outcome ?? '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`,
    [KINDS.end]: 'visit ended',
    [KINDS.correct]: 'correction',
  }[item.kind] ?? (p.outcome ? p.outcome.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not arrived yet');
  return [item.label, what].filter(Boolean).join(', ');
}

/** The list's prison-number filter: spaces and case do not matter; any part of the number matches. */
export const matches = (prisoner, query) =>
  String(prisoner).toUpperCase().includes(String(query ?? '').replace(/\s+/g, '').toUpperCase());

/** The quick buttons a visit in the list offers: arrived or no show while waiting; ended while in the hall today. */
export function quickActions(visit, isToday) {
  if (visit.removed) {
    return [];
  }
  if (!visit.outcome) {
    return ['Attended', 'NoShow'];
  }
  return visit.outcome === 'Attended' && !visit.endedAt && isToday ? ['End'] : [];
}

/** The list's order: visits still waiting first, then those in the hall, then the rest; each in the order logged. */
export const waitingRank = (visit) => (!visit.outcome ? 0 : visit.outcome === 'Attended' && !visit.endedAt ? 1 : 2);

/** The outbox entry for a quick button: an outcome or the end, stamped with the time of the tap on the day itself. */
export function quickEntry(action, establishment, visit, { isToday, now = new Date() }) {
  const at = isToday ? londonTime(now) : null;
  return action === 'End'
    ? entry(KINDS.end, establishment, visit.prisoner, { at }, visit.id, visit.version, now)
    : entry(KINDS.outcome, establishment, visit.prisoner, { outcome: action, at: action === 'Attended' ? at : null }, visit.id, visit.version, now);
}

/** How a visit looks after a change queued offline: what the list shows until the server answers. */
export function pending(visit, item) {
  if (item.kind === KINDS.end) {
    return { ...visit, endedAt: item.payload.at ?? '', waiting: true };
  }
  if (item.kind === KINDS.outcome) {
    return { ...visit, outcome: item.payload.outcome, arrivedAt: visit.arrivedAt ?? item.payload.at, waiting: true };
  }
  return { ...visit, waiting: true };
}

/**
 * Sends what a tap asked for. The entry is first stored in the outbox, so nothing is lost if the answer never comes;
 * online it is sent at once. When the tablet cannot store it (IndexedDB unavailable), `fallback` posts the plain form
 * instead, so the tap is never silently lost. One tap per key at a time: a double tap sends once.
 *
 * Results: sent (with the server's visit), queued (waits for the network), signin (kept; the sign-in expired),
 * refused (with problems; a new visit is dropped to be fixed on the form, a change waits under "needs attention"),
 * plain (the form was posted) and busy (a second tap while the first is on its way).
 */
export class Capture {
  constructor(outbox, { online = () => true, fallback = null } = {}) {
    this.outbox = outbox;
    this.online = online;
    this.fallback = fallback;
    this.busy = new Set();
  }

  async submit(item, key = item.visitId ?? 'log') {
    if (this.busy.has(key)) {
      return { status: 'busy' };
    }
    this.busy.add(key);
    try {
      try {
        await this.outbox.store.put(OUTBOX, item);
      } catch {
        if (this.fallback) {
          this.fallback(item);
          return { status: 'plain' };
        }
        return { status: 'failed', problems: [{ field: null, message: 'This tablet cannot keep changes: nothing was saved. Reload the page and try again.' }] };
      }
      if (!this.online()) {
        return { status: 'queued' };
      }
      const result = await this.outbox.send(item);
      if (result.status === 'refused') {
        if (item.kind === KINDS.create) {
          await this.outbox.store.remove(OUTBOX, item.clientId);
        } else {
          await this.outbox.store.toAttention(item, result.problems.map((p) => p.message).join(' '), result.code);
        }
        return result;
      }
      return result.status === 'retry' ? { status: 'queued' } : result;
    } finally {
      this.busy.delete(key);
    }
  }

}
