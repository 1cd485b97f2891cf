// Wires the hall's logic (hall.js, outbox.js) to the pages: Today, its offline shell and the correction form.
// Logging a visit or tapping a quick button updates the page in place from the API's answer: no reload, the form keeps
// its place and its session, focus goes back to the prison number. Without JavaScript the page's plain forms do the same
// online. Everything that decides something lives in hall.js and outbox.js, where it is unit-tested.
import { ATTENTION, DAYS, KINDS, OUTBOX, browserOutbox, byAge, entry } from './outbox.js';
import { Capture, describe, formValues, londonDate, londonTime, matches, pending, quickActions, quickEntry, readVisit, step, waitingRank } from './hall.js';

const SYNC_EVERY_MS = 30000;
const hallData = document.getElementById('vc-hall-data');
const editData = document.getElementById('vc-edit-data');
const data = JSON.parse((hallData ?? editData).textContent);
const isShell = Boolean(data.shell);
const logForm = document.getElementById('vc-log-visit');
const correctForm = document.getElementById('vc-correct-visit');
const hall = document.querySelector('.vc-hall');
const outbox = browserOutbox(document);
const store = outbox.store;
const antiforgery = document.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';

// When the tablet cannot keep a change (no IndexedDB), the form it came from is posted as it is: never a silent tap.
let plainForm = null;
const capture = new Capture(outbox, {
  online: () => navigator.onLine,
  fallback: (item) => {
    if (!plainForm) {
      return;
    }
    announce('This tablet cannot keep changes offline, so the form is being sent directly.', []);
    if (item.kind === KINDS.create) {
      const outcome = element('input');
      outcome.type = 'hidden';
      outcome.name = 'Outcome';
      outcome.value = item.payload.outcome ?? '';
      plainForm.append(outcome);
    }
    plainForm.submit();
  },
});

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

// ---- What just happened, said in the live region at the top ("Visit logged", warnings). ----

const said = document.getElementById('vc-logged');

function announce(title, lines) {
  if (!said) {
    return;
  }
  const box = element('div', 'govuk-inset-text vc-logged');
  box.append(element('p', 'govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1', title));
  for (const line of lines) {
    const p = element('p', 'govuk-body govuk-!-margin-bottom-1');
    p.append(element('strong', null, 'Check: '), document.createTextNode(line));
    box.append(p);
  }
  said.replaceChildren(box);
}

// ---- Steppers: large - and + buttons around each count; the typed number still works. ----

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
        input.value = String(step(input.value, delta));
      });
      return b;
    };
    input.replaceWith(row);
    row.append(button('−', 'One fewer', -1), input, button('+', 'One more', 1));
  }
}

// ---- Errors in the GOV.UK pattern, for problems found here or returned by the API. ----

const originalTitle = document.title;

function clearErrors(form) {
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

function showErrors(form, list) {
  clearErrors(form);
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
        (group.querySelector('.govuk-radios, .govuk-checkboxes, .vc-stepper, input, .govuk-button-group') ?? target).before(p);
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

/** The visit form's values by name, as hall.js reads them. */
function values(form) {
  const out = {};
  for (const field of form.elements) {
    if (!field.name || field.type === 'submit' || field.type === 'hidden') {
      continue;
    }
    if (field.type === 'checkbox') {
      out[field.name] = field.checked;
    } else if (field.type === 'radio') {
      if (field.checked) {
        out[field.name] = field.value;
      }
    } else {
      out[field.name] = field.value;
    }
  }
  return out;
}

function fill(form, given) {
  for (const [name, value] of Object.entries(given)) {
    const fields = form.querySelectorAll(`[name="${name}"]`);
    for (const field of fields) {
      if (field.type === 'radio') {
        field.checked = field.value === String(value ?? '');
      } else if (field.type === 'checkbox') {
        field.checked = Boolean(value);
      } else if (field.type !== 'hidden' && field.type !== 'submit') {
        field.value = value ?? '';
      }
    }
  }
}

const needsConfirmation = (form) => form.dataset.needsConfirmation === 'true';

// ---- Logging a visit: one tap on what happened; the page updates in place. ----

function sessionLabel(sessionId) {
  const input = logForm.querySelector(`input[name="SessionId"][value="${sessionId}"]`);
  return input ? logForm.querySelector(`label[for="${input.id}"]`).textContent.trim() : '';
}

function resetLogForm() {
  const kept = logForm.querySelector('input[name="SessionId"]:checked')?.value;
  const confirmed = logForm.elements.ConfirmRevision?.checked;
  fill(logForm, { Prisoner: '', Adults: '1', Children0To4: '0', Children5To11: '0', Children12To17: '0', VisitorPostcode: '', TableNumber: '', FirstVisit: false, Relationship: '' });
  if (logForm.elements.ArrivedAt) {
    fill(logForm, { ArrivedAt: '', EndedAt: '' });
  }
  if (kept) {
    fill(logForm, { SessionId: kept });
  }
  if (logForm.elements.ConfirmRevision) {
    logForm.elements.ConfirmRevision.checked = confirmed;
  }
}

async function onLog(event) {
  event.preventDefault();
  const outcome = event.submitter ? event.submitter.value : 'Attended';
  const { payload, errors } = readVisit(values(logForm), outcome, { stampArrival: isShell || data.isToday, needsConfirmation: needsConfirmation(logForm) });
  if (errors.length > 0) {
    showErrors(logForm, errors);
    return;
  }
  const prisoner = payload.prisoner.toUpperCase();
  const item = entry(KINDS.create, data.establishment, [prisoner, sessionLabel(payload.sessionId)].filter(Boolean).join(', '), payload);
  plainForm = logForm;
  const result = await capture.submit(item, 'log');
  if (result.status === 'busy' || result.status === 'plain') {
    return;
  }
  if (result.status === 'refused' || result.status === 'failed') {
    showErrors(logForm, result.problems);
    await render();
    return;
  }
  clearErrors(logForm);
  if (result.status === 'sent') {
    const v = result.visit;
    announce(`Visit logged: ${v.prisoner}: ${outcomeLabel(v.outcome)}`, [...v.warnings, ...(v.needsReview ? [`Flagged for review: ${v.reviewReason}`] : [])]);
    show(v);
  } else if (result.status === 'signin') {
    announce(`Visit for ${prisoner} kept on this tablet. Sign in again to send it: your sign-in has expired.`, []);
  } else {
    announce(`Visit for ${prisoner} saved on this tablet. It will be sent when the network is back.`, []);
  }
  resetLogForm();
  logForm.elements.Prisoner.focus();
  await render();
}

// ---- The day's list: rows drawn as _VisitRow.cshtml draws them, quick buttons, the prison-number filter. ----

const outcomeLabel = (outcome) => (outcome ? data.outcomes?.[outcome]?.label ?? outcome : data.waiting?.label ?? 'Not arrived yet');
const outcomeTag = (outcome) => (outcome ? data.outcomes?.[outcome]?.tag : data.waiting?.tag) ?? '';

function rowVisit(row) {
  return {
    id: Number(row.dataset.visitId),
    sessionId: Number(row.dataset.sessionId),
    prisoner: row.dataset.prisoner,
    version: row.dataset.version,
    outcome: row.dataset.outcome || null,
    arrivedAt: row.dataset.arrived || null,
    endedAt: row.dataset.ended || null,
    adultsText: row.cells[1].textContent,
    needsReview: Boolean(row.querySelector('.govuk-tag--orange')),
  };
}

const QUICK = { Attended: 'Arrived', NoShow: 'No show', End: 'Ended' };

function quickForm(action, v) {
  const form = element('form', 'vc-quick');
  form.method = 'post';
  form.action = `/establishments/${encodeURIComponent(data.establishment)}/visits/${v.id}/${action === 'End' ? 'end' : 'outcome'}`;
  form.noValidate = true;
  form.dataset.action = action;
  const hidden = (name, value) => {
    const input = element('input');
    input.type = 'hidden';
    input.name = name;
    input.value = value;
    form.append(input);
  };
  hidden('__RequestVerificationToken', antiforgery);
  hidden('version', v.version);
  hidden('back', 'today');
  if (action !== 'End') {
    hidden('outcome', action);
  }
  const button = element('button', `govuk-button ${action === 'NoShow' ? 'govuk-button--secondary ' : ''}vc-quick__button`, QUICK[action]);
  button.type = 'submit';
  button.setAttribute('aria-label', `${QUICK[action]}: ${v.prisoner}`);
  form.append(button);
  return form;
}

function visitorsText(v) {
  const children = (v.children0To4 ?? 0) + (v.children5To11 ?? 0) + (v.children12To17 ?? 0);
  return `${v.adults} adult${v.adults === 1 ? '' : 's'}${children > 0 ? `, ${children} child${children === 1 ? '' : 'ren'}` : ''}${v.tableNumber ? `, table ${v.tableNumber}` : ''}`;
}

/** A row for a visit: from the API's answer, or from a row already drawn with a change waiting to be sent. */
function drawRow(v) {
  const row = element('tr', 'govuk-table__row vc-visit');
  row.id = `visit-${v.id}`;
  Object.assign(row.dataset, { visitId: String(v.id), sessionId: String(v.sessionId), prisoner: v.prisoner, version: v.version, outcome: v.outcome ?? '', arrived: v.arrivedAt ?? '', ended: v.endedAt ?? '' });
  const th = element('th', 'govuk-table__header', v.prisoner);
  th.scope = 'row';
  const state = element('td', 'govuk-table__cell vc-visit__state');
  state.append(element('strong', `govuk-tag ${outcomeTag(v.outcome)}`, outcomeLabel(v.outcome)));
  if (v.arrivedAt) {
    state.append(element('br'), element('span', 'govuk-body-s', `Arrived ${v.arrivedAt}${v.endedAt ? `, ended ${v.endedAt}` : ''}`));
  }
  if (v.waiting) {
    state.append(element('br'), element('strong', 'govuk-tag govuk-tag--grey vc-visit__waiting', 'Waiting to be sent'));
  }
  if (v.needsReview) {
    state.append(element('br'), element('strong', 'govuk-tag govuk-tag--orange', 'Needs review'));
  }
  const actions = element('td', 'govuk-table__cell vc-visit__actions');
  for (const action of data.signedOff ? [] : quickActions(v, data.isToday)) {
    actions.append(quickForm(action, v));
  }
  const open = element('a', 'govuk-link vc-target', 'Open');
  open.href = `/establishments/${encodeURIComponent(data.establishment)}/visits/${v.id}`;
  open.append(element('span', 'govuk-visually-hidden', ` visit for ${v.prisoner}`));
  actions.append(open);
  row.append(th, element('td', 'govuk-table__cell', v.adultsText ?? visitorsText(v)), state, actions);
  const query = document.getElementById('vc-find')?.value;
  row.hidden = Boolean(query) && !matches(v.prisoner, query);
  return row;
}

/** Puts a visit's row in its session's table, waiting visits first; replaces the row it had. */
function place(v) {
  const body = document.querySelector(`table.vc-visits[data-session-id="${v.sessionId}"] tbody`);
  document.getElementById(`visit-${v.id}`)?.remove();
  if (!body || v.removed) {
    return null;
  }
  const row = drawRow(v);
  const rank = waitingRank(v);
  const after = [...body.rows].find((r) => waitingRank(rowVisit(r)) > rank);
  body.insertBefore(row, after ?? null);
  return row;
}

/** Shows a visit as the server answered it: its row, and its session's counts. */
function show(v) {
  if (isShell || !v || v.date !== data.date) {
    return null;
  }
  const row = place(v);
  const s = v.session;
  if (s) {
    const item = document.querySelector(`.vc-sessions > li[data-session-id="${s.id}"]`);
    for (const [key, value] of Object.entries({ inHall: s.inHall, visitors: s.visitors, attended: s.attended, logged: s.visitsLogged })) {
      const strong = item?.querySelector(`[data-count="${key}"]`);
      if (strong) {
        strong.textContent = String(value);
      }
    }
    const heading = item?.querySelector('h3');
    let full = heading?.querySelector('.vc-session__full');
    if (heading && s.full && !full) {
      full = element('strong', 'govuk-tag govuk-tag--red vc-session__full', 'Session full');
      heading.append(full);
    } else if (full && !s.full) {
      full.remove();
    }
    const count = document.querySelector(`table.vc-visits[data-session-id="${s.id}"] .vc-visits__count`);
    if (count) {
      count.textContent = `${s.visitsLogged} visit${s.visitsLogged === 1 ? '' : 's'}`;
    }
  }
  return row;
}

async function onQuick(event) {
  const form = event.target.closest('form.vc-quick');
  if (!form) {
    return;
  }
  event.preventDefault();
  const row = form.closest('tr');
  const visit = rowVisit(row);
  const item = quickEntry(form.dataset.action, data.establishment, visit, { isToday: data.isToday });
  plainForm = form;
  const result = await capture.submit(item, visit.id);
  let now = null;
  if (result.status === 'sent') {
    now = show({ ...result.visit, date: data.date });
    announce(`${visit.prisoner}: ${form.dataset.action === 'End' ? `ended ${result.visit.endedAt ?? ''}`.trim() : outcomeLabel(result.visit.outcome)}`, result.visit.warnings ?? []);
  } else if (result.status === 'queued' || result.status === 'signin') {
    now = place({ ...pending(visit, item) });
    announce(result.status === 'signin'
      ? `${visit.prisoner}: kept on this tablet. Sign in again to send it: your sign-in has expired.`
      : `${visit.prisoner}: saved on this tablet. It will be sent when the network is back.`, []);
  } else if (result.status === 'refused' || result.status === 'failed') {
    announce(`${visit.prisoner}: not changed. ${result.problems.map((p) => p.message).join(' ')}`, []);
  }
  // Focus stays with the visit: on its next quick button, or its link.
  (now?.querySelector('.vc-quick__button') ?? now?.querySelector('a'))?.focus();
  await render();
}

function filterList(query) {
  for (const row of document.querySelectorAll('tr.vc-visit')) {
    row.hidden = Boolean(query) && !matches(row.dataset.prisoner, query);
  }
}

// ---- Correcting a visit: through the outbox too, so a correction made offline is sent later, once. ----

async function onCorrect(event) {
  event.preventDefault();
  const given = values(correctForm);
  const { payload, errors } = readVisit(given, given.Outcome ?? '', { needsConfirmation: needsConfirmation(correctForm) });
  if (errors.length > 0) {
    showErrors(correctForm, errors);
    return;
  }
  const item = entry(KINDS.correct, data.establishment, `${data.prisoner}`, payload, data.visitId, correctForm.elements.Version.value);
  plainForm = correctForm;
  const result = await capture.submit(item, data.visitId);
  if (result.status === 'busy' || result.status === 'plain') {
    return;
  }
  if (result.status === 'refused' || result.status === 'failed') {
    if (result.code !== 409) {
      await store.remove(ATTENTION, item.clientId);
    }
    showErrors(correctForm, result.problems);
    return;
  }
  if (resending) {
    await store.remove(ATTENTION, resending);
  }
  if (result.status === 'sent') {
    window.location.assign(data.visitUrl);
    return;
  }
  clearErrors(correctForm);
  announce(result.status === 'signin'
    ? 'Correction kept on this tablet. Sign in again to send it: your sign-in has expired.'
    : 'Correction saved on this tablet. It will be sent when the network is back.', []);
}

/** "Edit and send again" from needs attention: the change as it was made, on the form, to be checked and saved. */
let resending = null;

async function loadResend() {
  const id = new URLSearchParams(window.location.hash.slice(1)).get('resend');
  const held = id ? await store.get(ATTENTION, id).catch(() => null) : null;
  if (!held) {
    return;
  }
  resending = id;
  fill(correctForm, formValues(held.payload));
  announce('Your change from the tablet is filled in over the visit as it is now. Check it, then save to send it again.', [held.problem].filter(Boolean));
}

// ---- The outbox panel. ----

const panel = document.getElementById('vc-outbox');

async function render() {
  if (!panel) {
    return;
  }
  let waiting;
  let attention;
  try {
    waiting = (await store.all(OUTBOX)).filter((i) => i.establishment === data.establishment).sort(byAge);
    attention = (await store.all(ATTENTION)).filter((i) => i.establishment === data.establishment);
  } catch {
    panel.hidden = false;
    document.getElementById('vc-outbox-status').textContent = 'This tablet cannot keep changes offline: each one is sent straight away, and needs the network.';
    return;
  }
  panel.hidden = false;
  const n = waiting.length;
  document.getElementById('vc-outbox-status').textContent = n === 0
    ? 'No changes waiting to be sent.'
    : `${n} change${n === 1 ? '' : 's'} waiting to be sent.${navigator.onLine ? '' : ' They will be sent when the network is back.'}`;
  panel.dataset.waiting = String(n);
  document.getElementById('vc-outbox-waiting-list').replaceChildren(...waiting.map((i) => element('li', null, describe(i))));
  document.getElementById('vc-outbox-waiting').hidden = n === 0;
  document.getElementById('vc-outbox-attention-list').replaceChildren(...attention.map(attentionItem));
  document.getElementById('vc-outbox-attention').hidden = attention.length === 0;
}

function attentionItem(i) {
  const li = element('li', 'vc-attention');
  const who = String(i.payload.prisoner ?? i.label ?? '').toUpperCase();
  li.append(element('p', 'govuk-body govuk-!-margin-bottom-1', `${describe(i)}: ${i.problem}`));
  const group = element('div', 'govuk-button-group govuk-!-margin-bottom-2');
  if (i.kind === KINDS.create && logForm) {
    const edit = element('button', 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'Edit and send again');
    edit.type = 'button';
    edit.setAttribute('aria-label', `Edit and send again: the visit for ${who}`);
    edit.addEventListener('click', async () => {
      await store.remove(ATTENTION, i.clientId);
      fill(logForm, formValues(i.payload));
      announce(`The visit for ${who} is back on the form. Correct it, then tap what happened to send it again.`, []);
      logForm.elements.Prisoner.focus();
      await render();
    });
    group.append(edit);
  } else if (i.visitId != null) {
    const edit = element('a', 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0', 'Edit and send again');
    edit.href = `/establishments/${encodeURIComponent(i.establishment)}/visits/${i.visitId}/edit#resend=${i.clientId}`;
    edit.setAttribute('aria-label', `Edit and send again: the change to the visit for ${who}`);
    group.append(edit);
  }
  const discard = element('button', 'govuk-button govuk-button--warning govuk-!-margin-bottom-0', 'Discard');
  discard.type = 'button';
  discard.append(element('span', 'govuk-visually-hidden', ` the ${i.kind === KINDS.create || !i.kind ? 'visit' : 'change to the visit'} for ${who}`));
  discard.addEventListener('click', async () => {
    await store.remove(ATTENTION, i.clientId);
    await render();
  });
  group.append(discard);
  li.append(group);
  return li;
}

async function syncAndRender(announceAll) {
  if (!navigator.onLine) {
    await render();
    return;
  }
  let before = 0;
  try {
    before = (await store.all(OUTBOX)).length;
  } catch {
    return render();
  }
  const result = await outbox.sync();
  for (const v of result.visits) {
    show(v);
  }
  await render();
  if (result.stopped === 'signin') {
    announce('Sign in again to send the changes waiting on this tablet. They are kept until then.', []);
  } else if (result.sent > 0 || (announceAll && before > 0)) {
    const left = (await store.all(OUTBOX)).length;
    announce(left === 0
      ? `All changes have been sent${isShell ? '. Open Today again to see them with the others.' : '.'}`
      : `${result.sent} sent, ${left} still waiting.`, []);
  }
  return undefined;
}

// ---- The offline shell: sessions from the last online load of Today. ----

async function saveDay() {
  if (data.isToday) {
    await store.put(DAYS, { establishment: data.establishment, date: data.date, dayLabel: data.dayLabel, sessions: data.sessions, savedAt: new Date().toISOString() });
  }
}

async function fillShell() {
  const day = await store.get(DAYS, data.establishment);
  if (!day || day.date !== londonDate() || day.sessions.length === 0) {
    return;
  }
  document.getElementById('vc-shell-day').textContent = day.dayLabel;
  const choices = document.getElementById('vc-session-choices');
  const group = element('div', 'govuk-form-group');
  const fieldset = element('fieldset', 'govuk-fieldset');
  fieldset.append(element('legend', 'govuk-fieldset__legend govuk-fieldset__legend--s', 'Session'));
  const radios = element('div', 'govuk-radios govuk-radios--small govuk-radios--inline');
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

async function registerWorker() {
  if (!('serviceWorker' in navigator) || !navigator.onLine || !data.shellUrl) {
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
      document.getElementById('vc-offline-ready').textContent = 'This page works offline on this tablet.';
      document.documentElement.dataset.offlineReady = 'true';
    }
  } catch (e) {
    // No offline use on this device (private browsing, for example): the page still works online.
    console.warn('This page cannot work offline on this device:', e && e.message);
  }
}

// ---- Start. ----

enhanceSteppers(document);
logForm?.addEventListener('submit', onLog);
correctForm?.addEventListener('submit', onCorrect);
document.addEventListener('submit', onQuick);
const find = document.getElementById('vc-find');
if (find) {
  find.addEventListener('input', () => filterList(find.value));
  find.form.addEventListener('submit', (event) => {
    event.preventDefault();
    filterList(find.value);
  });
}
document.getElementById('vc-outbox-send')?.addEventListener('click', () => syncAndRender(true));
window.addEventListener('online', () => syncAndRender(false));
window.addEventListener('offline', () => render());
setInterval(() => syncAndRender(false), SYNC_EVERY_MS);

try {
  if (correctForm) {
    await loadResend();
  } else if (isShell) {
    await fillShell();
  } else {
    await saveDay();
  }
} catch {
  // IndexedDB unavailable: the page still works online, each change sent straight away (render says so).
}
// Ready to log: the cursor in the prison number, unless the page opened on an error or at a visit in the list.
if (logForm && !document.querySelector('.govuk-error-summary') && !window.location.hash) {
  logForm.elements.Prisoner.focus({ preventScroll: true });
}
await syncAndRender(false);
registerWorker();
