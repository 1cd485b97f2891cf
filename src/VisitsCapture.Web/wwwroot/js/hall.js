// The visits hall screen, enhanced: +/- steppers, logging through the offline outbox, the outbox panel, the
// service worker that keeps the offline shell, and (on the shell) the sessions saved at the last online load.
// Without JavaScript the page's plain forms do all of this online.
import { ATTENTION, DAYS, OUTBOX, all, entry, get, put, remove, sendNow, sync } from '/js/outbox.js';

const data = JSON.parse(document.getElementById('vc-hall-data').textContent);
const form = document.getElementById('vc-log-visit');
const hall = document.querySelector('.vc-hall');
const isShell = Boolean(data.shell);
const MAX_PER_BAND = 20;
const SYNC_EVERY_MS = 30000;

const londonDate = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const londonTime = () => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());

function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) {
    el.className = className;
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

// ---- Steppers: large - and + buttons around each count; the typed number still works. ----

const live = element('div', 'govuk-visually-hidden');
live.setAttribute('aria-live', 'polite');
document.body.append(live);

function enhanceSteppers(root) {
  for (const wrap of root.querySelectorAll('[data-stepper]')) {
    const input = wrap.querySelector('input');
    const label = wrap.querySelector('label').textContent.trim();
    const row = element('div', 'vc-stepper');
    const button = (symbol, words, delta) => {
      const b = element('button', 'govuk-button govuk-button--secondary vc-stepper__button');
      b.type = 'button';
      const visible = element('span', null, symbol);
      visible.setAttribute('aria-hidden', 'true');
      b.append(visible, element('span', 'govuk-visually-hidden', `${words}: ${label}`));
      b.addEventListener('click', () => {
        const n = Number.parseInt(input.value, 10);
        const next = Math.min(MAX_PER_BAND, Math.max(0, (Number.isNaN(n) ? 0 : n) + delta));
        input.value = String(next);
        live.textContent = `${label}: ${next}`;
      });
      return b;
    };
    input.replaceWith(row);
    row.append(button('−', 'One fewer', -1), input, button('+', 'One more', 1));
  }
}

// ---- Errors in the GOV.UK pattern, for problems found here or returned by the API. ----

const originalTitle = document.title;

function clearErrors() {
  document.querySelector('.vc-js-error-summary')?.remove();
  for (const el of form.querySelectorAll('.vc-js-error')) {
    el.remove();
  }
  for (const el of form.querySelectorAll('.govuk-form-group--error')) {
    el.classList.remove('govuk-form-group--error');
  }
  for (const el of form.querySelectorAll('.govuk-input--error')) {
    el.classList.remove('govuk-input--error');
  }
  document.title = originalTitle;
}

function showErrors(list) {
  clearErrors();
  const summary = element('div', 'govuk-error-summary vc-js-error-summary');
  summary.tabIndex = -1;
  const alert = element('div');
  alert.setAttribute('role', 'alert');
  const ul = element('ul', 'govuk-list govuk-error-summary__list');
  const body = element('div', 'govuk-error-summary__body');
  body.append(ul);
  alert.append(element('h2', 'govuk-error-summary__title', 'There is a problem'), body);
  summary.append(alert);
  for (const { field, message } of list) {
    const id = field ? field[0].toUpperCase() + field.slice(1) : null;
    const target = id ? document.getElementById(id) : null;
    const li = element('li');
    if (target) {
      const a = element('a', null, message);
      a.href = `#${id}`;
      li.append(a);
      const group = target.closest('.govuk-form-group');
      if (group) {
        group.classList.add('govuk-form-group--error');
        const p = element('p', 'govuk-error-message vc-js-error');
        p.id = `${id}-error`;
        p.append(element('span', 'govuk-visually-hidden', 'Error: '), document.createTextNode(message));
        (group.querySelector('.govuk-radios, .vc-stepper, input, .govuk-button-group') ?? target).before(p);
        if (target.classList.contains('govuk-input')) {
          target.classList.add('govuk-input--error');
        }
      }
    } else {
      li.textContent = message;
    }
    ul.append(li);
  }
  hall.prepend(summary);
  document.title = `Error: ${originalTitle}`;
  summary.focus();
}

// ---- The log-a-visit form goes through the outbox. ----

// The server checks everything again (VisitRules); these checks only save an officer a round trip, or a visit
// queued offline that the server would refuse later. The messages are the server's.
function count(name, words, errors) {
  const text = String(form.elements[name].value ?? '').trim();
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

function checkPrisoner(text, errors) {
  const prisoner = text.replace(/\s+/g, '').toUpperCase();
  if (prisoner === '') {
    errors.push({ field: 'Prisoner', message: 'Enter the prison number' });
  } else if (!/^[A-Z][0-9]{4}[A-Z]{2}$/.test(prisoner)) {
    errors.push({ field: 'Prisoner', message: 'Enter a prison number in the right format: one letter, four numbers and two letters, like A1234BC' });
  }
}

function readForm(outcome) {
  const errors = [];
  const value = (name) => {
    const field = form.elements[name];
    return field ? String(field.value ?? '').trim() : '';
  };
  const sessionId = Number.parseInt(value('SessionId'), 10);
  if (Number.isNaN(sessionId)) {
    errors.push({ field: 'SessionId', message: 'Select the session' });
  }
  checkPrisoner(value('Prisoner'), errors);
  const payload = {
    sessionId: Number.isNaN(sessionId) ? null : sessionId,
    prisoner: value('Prisoner'),
    adults: count('Adults', 'adults', errors),
    children0To4: count('Children0To4', 'children aged 0 to 4', errors),
    children5To11: count('Children5To11', 'children aged 5 to 11', errors),
    children12To17: count('Children12To17', 'children aged 12 to 17', errors),
    relationship: value('Relationship') || null,
    firstVisit: form.elements.FirstVisit.checked,
    visitorPostcode: value('VisitorPostcode') || null,
    tableNumber: value('TableNumber') || null,
    outcome: outcome || null,
    // Stamped when tapped, so a visit sent later still has the time it happened.
    arrivedAt: outcome === 'Attended' ? londonTime() : null,
  };
  if (errors.length === 0 && payload.adults + payload.children0To4 + payload.children5To11 + payload.children12To17 === 0) {
    errors.push({ field: 'Adults', message: 'Enter at least one visitor' });
  }
  return { payload, errors };
}

function sessionLabel(sessionId) {
  const input = form.querySelector(`input[name="SessionId"][value="${sessionId}"]`);
  return input ? form.querySelector(`label[for="${input.id}"]`).textContent.trim() : '';
}

function resetForm() {
  const session = form.querySelector('input[name="SessionId"]:checked')?.value;
  form.reset();
  form.elements.Prisoner.value = '';
  form.elements.Adults.value = '1';
  for (const name of ['Children0To4', 'Children5To11', 'Children12To17']) {
    form.elements[name].value = '0';
  }
  for (const name of ['VisitorPostcode', 'TableNumber']) {
    form.elements[name].value = '';
  }
  for (const radio of form.querySelectorAll('input[name="Relationship"]')) {
    radio.checked = false;
  }
  form.elements.FirstVisit.checked = false;
  if (session) {
    const radio = form.querySelector(`input[name="SessionId"][value="${session}"]`);
    if (radio) {
      radio.checked = true;
    }
  }
}

let submitting = false;

async function onSubmit(event) {
  event.preventDefault();
  if (submitting) {
    return;
  }
  const { payload, errors } = readForm(event.submitter ? event.submitter.value : '');
  if (errors.length > 0) {
    showErrors(errors);
    return;
  }
  submitting = true;
  try {
    const item = entry(data.establishment, sessionLabel(payload.sessionId), payload);
    await put(OUTBOX, item);
    let result = { status: 'retry' };
    if (navigator.onLine) {
      try {
        result = await sendNow(item);
      } catch {
        result = { status: 'retry' };
      }
    }
    if (result.status === 'sent') {
      clearErrors();
      if (!isShell) {
        const day = data.isToday ? '' : `date=${data.date}&`;
        window.location.assign(`/establishments/${encodeURIComponent(data.establishment)}/today?${day}logged=${result.visit.id}`);
        return;
      }
      notice(`Visit for ${payload.prisoner.toUpperCase()} sent.`);
      resetForm();
      form.elements.Prisoner.focus();
    } else if (result.status === 'refused') {
      // The person is here to fix it: show the problems on the form rather than in the outbox.
      await remove(OUTBOX, item.clientId);
      showErrors(result.problems);
    } else {
      clearErrors();
      notice(`Visit for ${payload.prisoner.toUpperCase()} saved on this tablet. It will be sent when the network is back.`);
      resetForm();
      form.elements.Prisoner.focus();
    }
  } finally {
    submitting = false;
    await render();
  }
}

// ---- The outbox panel. ----

const panel = document.getElementById('vc-outbox');
const status = document.getElementById('vc-outbox-status');
const noticeArea = element('div', 'govuk-inset-text vc-notice');
noticeArea.hidden = true;
noticeArea.setAttribute('role', 'status');
panel.after(noticeArea);

function notice(text) {
  noticeArea.textContent = text;
  noticeArea.hidden = false;
}

function describe(item) {
  const p = item.payload;
  return [String(p.prisoner || '').toUpperCase(), item.sessionLabel, p.outcome ? p.outcome.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not arrived yet']
    .filter(Boolean).join(', ');
}

async function render() {
  const waiting = (await all(OUTBOX)).filter((i) => i.establishment === data.establishment);
  const attention = (await all(ATTENTION)).filter((i) => i.establishment === data.establishment);
  panel.hidden = false;
  const n = waiting.length;
  status.textContent = n === 0
    ? 'No visits waiting to be sent.'
    : `${n} visit${n === 1 ? '' : 's'} waiting to be sent.${navigator.onLine ? '' : ' They will be sent when the network is back.'}`;
  panel.dataset.waiting = String(n);

  const waitingList = document.getElementById('vc-outbox-waiting-list');
  waitingList.replaceChildren(...waiting.map((i) => element('li', null, describe(i))));
  document.getElementById('vc-outbox-waiting').hidden = n === 0;

  const attentionList = document.getElementById('vc-outbox-attention-list');
  attentionList.replaceChildren(...attention.map((i) => {
    const li = element('li', 'vc-attention');
    li.append(element('p', 'govuk-body govuk-!-margin-bottom-1', `${describe(i)}: ${i.problem}`));
    const discard = element('button', 'govuk-button govuk-button--warning govuk-!-margin-bottom-2');
    discard.type = 'button';
    discard.append(document.createTextNode('Discard'), element('span', 'govuk-visually-hidden', ` the visit for ${String(i.payload.prisoner || '').toUpperCase()}`));
    discard.addEventListener('click', async () => {
      await remove(ATTENTION, i.clientId);
      await render();
    });
    li.append(discard);
    return li;
  }));
  document.getElementById('vc-outbox-attention').hidden = attention.length === 0;
}

async function syncAndRender(announce) {
  if (!navigator.onLine) {
    await render();
    return;
  }
  const before = (await all(OUTBOX)).length;
  const result = await sync();
  await render();
  if (result.stopped === 'signin') {
    notice('Sign in again to send the visits waiting on this tablet.');
  } else if (result.sent > 0 || (announce && before > 0)) {
    const left = (await all(OUTBOX)).length;
    notice(left === 0
      ? `All visits have been sent${isShell ? '. Open Today again to see them with the others.' : '.'}`
      : `${result.sent} sent, ${left} still waiting.`);
  }
}

// ---- The offline shell: sessions from the last online load of Today. ----

async function saveDay() {
  if (data.isToday) {
    await put(DAYS, { establishment: data.establishment, date: data.date, dayLabel: data.dayLabel, sessions: data.sessions, savedAt: new Date().toISOString() });
  }
}

async function fillShell() {
  const day = await get(DAYS, data.establishment);
  if (!day || day.date !== londonDate() || day.sessions.length === 0) {
    return;
  }
  document.getElementById('vc-shell-day').textContent = day.dayLabel;
  const choices = document.getElementById('vc-session-choices');
  const group = element('div', 'govuk-form-group');
  const fieldset = element('fieldset', 'govuk-fieldset');
  fieldset.append(element('legend', 'govuk-fieldset__legend govuk-fieldset__legend--s', 'Session'));
  const radios = element('div', 'govuk-radios govuk-radios--small');
  const now = londonTime();
  const current = day.sessions.find((s) => s.start <= now && now < s.end) ?? day.sessions.find((s) => s.start > now) ?? day.sessions[day.sessions.length - 1];
  day.sessions.forEach((s, i) => {
    const item = element('div', 'govuk-radios__item');
    const input = element('input', 'govuk-radios__input');
    input.type = 'radio';
    input.name = 'SessionId';
    input.value = String(s.id);
    input.id = i === 0 ? 'SessionId' : `SessionId-${i + 1}`;
    input.checked = s === current;
    const label = element('label', 'govuk-label govuk-radios__label', s.label + (s.full ? ' (full)' : ''));
    label.htmlFor = input.id;
    item.append(input, label);
    radios.append(item);
  });
  fieldset.append(radios);
  group.append(fieldset);
  choices.replaceChildren(group);
}

// ---- Service worker: keeps the shell and static files so the hall screen opens with no network. ----

const ready = document.getElementById('vc-offline-ready');

async function registerWorker() {
  if (!('serviceWorker' in navigator) || !navigator.onLine) {
    return;
  }
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const registration = await navigator.serviceWorker.ready;
    const channel = new MessageChannel();
    const answer = new Promise((resolve) => {
      channel.port1.onmessage = (event) => resolve(event.data && event.data.ok);
      setTimeout(() => resolve(false), 15000);
    });
    registration.active.postMessage({ type: 'cache-shell', url: data.shellUrl }, [channel.port2]);
    if (await answer) {
      ready.textContent = 'This page works offline on this tablet.';
      document.documentElement.dataset.offlineReady = 'true';
    }
  } catch (e) {
    // No offline use on this device (private browsing, for example): the page still works online.
    console.warn('This page cannot work offline on this device:', e && e.message);
  }
}

// ---- Start. ----

enhanceSteppers(document);
if (form) {
  form.addEventListener('submit', onSubmit);
}
document.getElementById('vc-outbox-send').addEventListener('click', () => syncAndRender(true));
window.addEventListener('online', () => syncAndRender(false));
window.addEventListener('offline', () => render());
setInterval(() => syncAndRender(false), SYNC_EVERY_MS);

if (isShell) {
  await fillShell();
} else {
  await saveDay();
}
await syncAndRender(false);
registerWorker();
