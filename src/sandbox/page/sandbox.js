/* global window, document, fetch, URL, URLSearchParams, AdaptiveCards */
// The sandbox page: plays the Webex app for the demo people. Plain ES module, no build step.
//
// It never writes a server string into the DOM as HTML except markdown-it's output (safe-markdown.js);
// everything else goes in as text nodes. The page talks only to its own server (/sandbox/api/...), which
// acts on the emulated Webex for the person selected here.

import { createSafeMarkdown } from './safe-markdown.js';
import { webexHostConfig } from './webex-host-config.js';

const POLL_MS = 1000;
const md = createSafeMarkdown(window.markdownit);

// Webex renders markdown in TextBlocks; through the same safe renderer as messages.
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = md.render(text);
  result.didProcess = true;
};

const $ = (id) => document.getElementById(id);

/** A DOM element with attributes and children (strings become text nodes, never HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
}

async function api(method, path, body) {
  const res = await fetch(`/sandbox/api/${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok && res.status !== 422) throw new Error(data.error || `the sandbox answered ${res.status}`);
  return data;
}

// ---- state ----

const params = new URLSearchParams(window.location.search);
const state = {
  world: undefined,
  person: params.get('as') || 'alice',
  space: params.get('space') === 'group' ? 'group' : 'direct',
  pollTimer: undefined,
  /** Polls can overlap (a send asks for one at once): only the newest answer is drawn. */
  asked: 0,
  drawn: 0,
  /** Bumped on every switch: answers to older polls are dropped. */
  view: 0,
  /** The newest message that arrived while a card was being sent: shown once the send is done. */
  revealAfterSend: undefined,
};

const me = () => state.world.people.find((p) => p.key === state.person) ?? state.world.people[0];
const firstName = (name) => String(name).split(' ')[0];

function initials(name) {
  const parts = String(name)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

const AVATAR_COLOURS = ['#0a6ebd', '#8a4fbf', '#c2581c', '#13806e', '#b03060'];
function avatar(id, name, extra = '') {
  const isBot = state.world && id === state.world.bot.id;
  // By name, not id: ids are new on every start, colours should not be.
  let n = 0;
  for (const ch of String(name)) n = (n * 31 + ch.charCodeAt(0)) >>> 0;
  const colour = isBot ? '#0c2d48' : AVATAR_COLOURS[n % AVATAR_COLOURS.length];
  return h(
    'span',
    {
      class: `avatar ${isBot ? 'avatar-bot' : ''} ${extra}`,
      style: `background:${colour}`,
      'aria-hidden': 'true',
    },
    initials(name),
  );
}

function toast(text, kind = 'info') {
  const t = $('toast');
  t.textContent = text;
  t.dataset.kind = kind;
  t.hidden = false;
  window.clearTimeout(toast.timer);
  toast.timer = window.setTimeout(() => (t.hidden = true), kind === 'error' ? 7000 : 4000);
}

// ---- the left rail: who is typing, in which space ----

function renderRail() {
  const w = state.world;
  $('people').replaceChildren(
    ...w.people.map((p) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'person',
            'data-testid': `person-${p.key}`,
            'aria-pressed': String(p.key === state.person),
            onclick: () => switchTo({ person: p.key }),
          },
          avatar(p.id, p.name),
          h(
            'span',
            { class: 'person-text' },
            // On a phone only the first name shows (sandbox.css), so the four people fit one row.
            h(
              'strong',
              {},
              firstName(p.name),
              h('span', { class: 'name-rest' }, p.name.slice(firstName(p.name).length)),
            ),
            h('small', {}, `${p.roleLabel} · ${p.orgName}`),
          ),
        ),
      ),
    ),
  );
  const spaces = [
    { key: 'direct', title: w.bot.name, sub: '1:1 with the bot', id: w.bot.id },
    { key: 'group', title: w.group.title, sub: 'Group · mention the bot', id: 'group' },
  ];
  $('spaces').replaceChildren(
    ...spaces.map((s) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'space-item',
            'data-testid': `space-${s.key}`,
            'aria-pressed': String(s.key === state.space),
            onclick: () => switchTo({ space: s.key }),
          },
          s.key === 'group'
            ? h('span', { class: 'avatar avatar-group', 'aria-hidden': 'true' }, '#')
            : avatar(s.id, s.title),
          h('span', { class: 'person-text' }, h('strong', {}, s.title), h('small', {}, s.sub)),
        ),
      ),
    ),
  );
  $('env').replaceChildren(
    h('p', {}, 'Emulated Webex: ', h('code', {}, w.emulatorUrl)),
    h('p', {}, 'Store: ', w.persistent ? 'Redis' : 'in memory (nothing persists)'),
  );

  const p = me();
  const group = state.space === 'group';
  $('space-title').textContent = group ? w.group.title : w.bot.name;
  $('space-sub').textContent = group
    ? `Group space with ${w.people.map((x) => firstName(x.name)).join(', ')} and ${w.bot.name} · you are ${p.name}`
    : `Direct space with the bot · you are ${p.name}`;
  $('space-avatar').replaceWith(
    Object.assign(
      group
        ? h('span', { class: 'avatar avatar-group avatar-lg' }, '#')
        : avatar(w.bot.id, w.bot.name, 'avatar-lg'),
      { id: 'space-avatar' },
    ),
  );
  const chip = $('mention-chip');
  chip.hidden = !group;
  chip.textContent = `@${w.bot.name}`;
  $('composer-input').placeholder = group
    ? `Message ${w.group.title} (mentions ${w.bot.name})`
    : `Message ${w.bot.name}`;
}

function switchTo(change) {
  Object.assign(state, change);
  state.view++;
  // Not done until this view's first answer is drawn (refresh sets it again): a second click in a row
  // would otherwise find the first click's answer still naming the same space, over cleared messages.
  delete document.body.dataset.showing;
  const q = new URLSearchParams({ as: state.person, space: state.space });
  window.history.replaceState(null, '', `?${q}`);
  renderRail();
  clearMessages();
  refreshSoon();
}

// ---- messages ----

/** id -> { el, thread, body, edited, key } for what is on screen now. */
const shown = new Map();

function clearMessages() {
  shown.clear();
  state.revealAfterSend = undefined;
  $('messages').replaceChildren();
}

const timeOf = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A person's text, with the mentioned names highlighted as Webex does. Text nodes only. */
function textWithMentions(text, names) {
  const out = [];
  let rest = String(text ?? '');
  for (;;) {
    let at = -1;
    let name = '';
    for (const n of names.filter(Boolean)) {
      const i = rest.indexOf(n);
      if (i >= 0 && (at < 0 || i < at)) [at, name] = [i, n];
    }
    if (at < 0) break;
    out.push(rest.slice(0, at), h('span', { class: 'mention' }, name));
    rest = rest.slice(at + name.length);
  }
  out.push(rest);
  return h('p', {}, ...out);
}

/**
 * What a message says, to tell an edit: `updated` alone can miss one (two edits in the same millisecond,
 * like a fleet run's progress at its last org and its finish, carry the same time).
 */
const contentKey = (m) => JSON.stringify([m.updated, m.markdown, m.text, m.card]);

function fillBody(body, m) {
  body.replaceChildren();
  if (m.card) body.append(cardElement(m));
  else if (m.markdown !== undefined) body.innerHTML = md.render(m.markdown);
  else body.append(textWithMentions(m.text, m.mentions));
}

function messageElement(m) {
  const body = h('div', { class: 'msg-body', 'data-testid': 'message-body' });
  fillBody(body, m);
  const thread = h('div', { class: 'thread', 'data-testid': 'thread' });
  // Webex marks a message edited after it was posted; a bot's progress message is edited in place.
  const edited = h(
    'span',
    { class: 'msg-edited', 'data-testid': 'message-edited', hidden: !m.updated },
    'Edited',
  );
  const el = h(
    'article',
    {
      class: `msg ${m.fromBot ? 'msg-bot' : ''} ${m.parentId ? 'msg-reply' : ''}`,
      'data-testid': 'message',
      'data-message-id': m.id,
      'data-author': m.fromBot ? 'bot' : 'person',
    },
    avatar(m.authorId, m.authorName),
    h(
      'div',
      { class: 'msg-main' },
      h(
        'header',
        { class: 'msg-head' },
        h('strong', { 'data-testid': 'message-author' }, m.authorName),
        m.fromBot ? h('span', { class: 'badge' }, 'Bot') : null,
        h('time', { datetime: m.created }, timeOf(m.created)),
        edited,
      ),
      body,
      thread,
    ),
  );
  return { el, thread, body, edited, key: contentKey(m) };
}

function renderMessages(list) {
  const box = $('messages');
  const ids = new Set(list.map((m) => m.id));
  for (const [id, s] of shown) {
    if (!ids.has(id)) s.el.remove();
  }
  // Replies whose thread went with a removed message come back at the top level.
  for (const [id, s] of [...shown]) if (!ids.has(id) || !s.el.isConnected) shown.delete(id);
  const added = [];
  for (const m of list) {
    const seen = shown.get(m.id);
    if (seen && seen.key !== contentKey(m)) {
      // Edited: redraw its content in place (its thread stays).
      seen.key = contentKey(m);
      seen.edited.hidden = !m.updated;
      fillBody(seen.body, m);
    }
    if (seen) continue;
    const s = messageElement(m);
    const parent = m.parentId ? shown.get(m.parentId) : undefined;
    (parent ? parent.thread : box).append(s.el);
    shown.set(m.id, s);
    added.push(s.el);
  }
  const empty = box.querySelector('.empty');
  if (list.length === 0 && !empty) {
    box.append(
      h(
        'div',
        { class: 'empty' },
        h('strong', {}, 'No messages yet'),
        h('p', {}, `Say /voicemail to ${state.world.bot.name}: it asks you to sign in with Webex first.`),
      ),
    );
  } else if (list.length > 0 && empty) empty.remove();
  if (added.length > 0) {
    const last = added[added.length - 1];
    // A card's "Sending…" stays where the person is looking: the newest message is shown once it is sent.
    if (isSending()) state.revealAfterSend = last;
    else reveal(last);
  }
}

/**
 * Scrolls a new message into view: its end, like a chat, unless it is taller than the view, then its
 * start (a long card is read from its top, where it names the org). On a wide screen the message list
 * scrolls; on a narrow one the page does (sandbox.css).
 */
function reveal(el) {
  if (!el.isConnected) return;
  const box = $('messages');
  const boxScrolls = window.getComputedStyle(box).overflowY !== 'visible';
  const composer = boxScrolls ? 0 : $('composer').offsetHeight;
  const room = boxScrolls ? box.clientHeight : window.innerHeight - composer;
  el.scrollIntoView({ block: el.offsetHeight > room ? 'start' : 'end' });
}

/** Card statuses that say "Sending…" now. */
const sending = new Set();
const isSending = () => [...sending].some((s) => s.isConnected);

// ---- cards ----

function cardElement(m) {
  const wrap = h('div', { class: 'card', 'data-testid': 'card' });
  const status = h('p', { class: 'card-status', 'data-testid': 'card-status', 'aria-live': 'polite' });
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(webexHostConfig);
  card.onExecuteAction = (action) => void runAction(m, action, wrap, status);
  try {
    card.parse(m.card);
    const rendered = card.render();
    if (!rendered) throw new Error('nothing rendered');
    wrap.append(rendered);
    for (const input of card.getAllInputs()) {
      const el = input.renderedInputControlElement;
      const control =
        el && (el.matches('input,select,textarea') ? el : el.querySelector('input,select,textarea'));
      if (control) control.setAttribute('data-testid', `input-${input.id}`);
    }
  } catch (e) {
    wrap.append(h('p', { class: 'card-error' }, `This card could not be shown: ${e.message}`));
  }
  wrap.append(status);
  return wrap;
}

function openExternal(url) {
  let u;
  try {
    u = new URL(url, window.location.href);
  } catch {
    return;
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') window.open(u.href, '_blank', 'noopener');
}

/** Press a card button as the Webex app would: Submit goes to Webex as the person, OpenUrl opens it. */
async function runAction(m, action, wrap, status) {
  if (action instanceof AdaptiveCards.OpenUrlAction) {
    if (isSignInLink(action.url)) openSignIn(action.url);
    else openExternal(action.url);
    return;
  }
  if (!(action instanceof AdaptiveCards.SubmitAction)) return;
  // The card's values as strings merged with the action's data (Adaptive Cards did that); inputs the
  // person left empty go as "" like a Webex client sends them.
  const inputs = { ...(action.data ?? {}) };
  for (const id of Object.keys(action.getReferencedInputs() ?? {})) if (!(id in inputs)) inputs[id] = '';
  const buttons = wrap.querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  status.className = 'card-status';
  status.textContent = `Sending as ${firstName(me().name)}…`;
  sending.add(status);
  status.scrollIntoView({ block: 'nearest' });
  try {
    const result = await api('POST', 'submit', { person: state.person, messageId: m.id, inputs });
    if (result.ok) {
      status.textContent = `Sent as ${firstName(me().name)} · ${action.title}`;
    } else {
      status.className = 'card-status card-status-error';
      status.textContent = `Webex refused it (${result.status}): ${result.message}`;
    }
  } catch (e) {
    status.className = 'card-status card-status-error';
    status.textContent = e.message;
  } finally {
    buttons.forEach((b) => (b.disabled = false));
    sending.delete(status);
    if (!isSending() && state.revealAfterSend) {
      reveal(state.revealAfterSend);
      state.revealAfterSend = undefined;
    }
    refreshSoon();
  }
}

// ---- sign-in ----

function isSignInLink(href) {
  try {
    const u = new URL(href, window.location.href);
    return u.pathname === '/oauth/login' && u.port === window.location.port;
  } catch {
    return false;
  }
}

/**
 * The bot's sign-in link, in a Webex-style popup: first through /sandbox/sign-in on the link's own host,
 * which tells the emulator's consent page who is signing in (a cookie; cookies ignore the port). The
 * popup is closed once the bot's callback page has shown its answer.
 */
function openSignIn(href) {
  const link = new URL(href, window.location.href);
  const via = new URL('/sandbox/sign-in', link.origin);
  via.search = new URLSearchParams({ person: state.person, next: link.pathname + link.search }).toString();
  const popup = window.open(via.href, 'webex-sign-in', 'popup,width=560,height=720');
  if (!popup) {
    toast('Allow pop-ups for this page to sign in with Webex.', 'error');
    return;
  }
  toast(`Signing in as ${me().name}: finish in the Webex window.`);
  const watch = window.setInterval(() => {
    if (popup.closed) {
      window.clearInterval(watch);
      refreshSoon();
      return;
    }
    try {
      if (popup.location.pathname === '/oauth/callback' && popup.document.readyState === 'complete') {
        window.clearInterval(watch);
        window.setTimeout(() => popup.close(), 1500);
      }
    } catch {
      // The emulator's consent page is another origin: not readable, keep waiting.
    }
  }, 400);
}

$('messages').addEventListener('click', (ev) => {
  const a = ev.target instanceof window.Element ? ev.target.closest('a[href]') : null;
  if (!a) return;
  ev.preventDefault();
  if (isSignInLink(a.href)) openSignIn(a.href);
  else openExternal(a.href);
});

// ---- composer ----

async function send(text) {
  const t = text.trim();
  if (!t) return;
  const input = $('composer-input');
  input.disabled = true;
  try {
    await api('POST', 'say', { person: state.person, space: state.space, text: t });
    input.value = '';
  } catch (e) {
    toast(e.message, 'error');
  } finally {
    input.disabled = false;
    input.focus();
    refreshSoon();
  }
}

$('composer').addEventListener('submit', (ev) => {
  ev.preventDefault();
  void send($('composer-input').value);
});
$('try').addEventListener('click', (ev) => {
  const b = ev.target instanceof window.Element ? ev.target.closest('[data-command]') : null;
  if (b) void send(b.dataset.command);
});

// ---- the side panel ----

const onOff = (on, detail) => (on ? detail : `Off${detail ? ` (${detail} when on)` : ''}`);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function ruleRows(r) {
  const p = r.pinRules;
  const seq = p.blockContiguousSequences;
  const pinRules = [
    `${p.length.min}–${p.length.max} digits`,
    seq.enabled
      ? `no more than ${seq.numberOfAscendingDigits} ascending or ${seq.numberOfDescendingDigits} descending digits in a row`
      : null,
    p.blockRepeatedPatternsEnabled ? 'no repeated patterns' : null,
    p.blockRepeatedDigits.enabled ? `no digit repeated more than ${p.blockRepeatedDigits.max} times` : null,
  ].filter(Boolean);
  return [
    [
      'defaultPin',
      'Default voicemail PIN',
      r.defaultPin.enabled ? (r.defaultPin.isSet ? 'On · PIN set' : 'On') : 'Off',
    ],
    [
      'expirePasscode',
      'Passcode expiry',
      onOff(r.expirePasscode.enabled, plural(r.expirePasscode.numberOfDays, 'day', 'days')),
    ],
    [
      'changePasscode',
      'Minimum time between changes',
      onOff(r.changePasscode.enabled, plural(r.changePasscode.numberOfDays, 'day', 'days')),
    ],
    [
      'blockPreviousPasscodes',
      'Block previous passcodes',
      onOff(r.blockPreviousPasscodes.enabled, `last ${r.blockPreviousPasscodes.numberOfPasscodes}`),
    ],
    ['pinRules', 'PIN rules (set by Webex)', pinRules.join(' · ')],
  ];
}

let lastRules = { orgId: '', values: {} };

/** The panel is about the org the bot acts on for the person typing: named, and said whose choice it is. */
function renderOrg(r) {
  const name = firstName(me().name);
  const key = JSON.stringify([r.orgId, r.orgName, r.chosen, name]);
  const title = $('rules-title');
  if (title.dataset.key === key) return;
  title.dataset.key = key;
  title.replaceChildren('Voicemail rules · ', h('span', { class: 'rules-org' }, r.orgName));
  const note = $('org-note');
  note.classList.toggle('org-note-chosen', r.chosen);
  note.textContent = r.chosen ? 'Customer org, chosen with /org use' : `${name}'s own org`;
  $('rules-sub').textContent =
    `The org ${state.world.bot.name} acts on for ${name}, as the emulated Webex holds it now`;
}

function renderRules(r) {
  if (!r) {
    // The bot's store did not answer: which org the bot acts on is not known, so no org's rules are shown.
    $('rules-title').dataset.key = '';
    $('rules-title').textContent = 'Voicemail rules';
    $('org-note').classList.remove('org-note-chosen');
    $('org-note').textContent = 'The bot’s store does not answer: which org it acts on is unknown';
    $('rules').replaceChildren();
    lastRules = { orgId: '', values: {} };
    return;
  }
  renderOrg(r);
  const sameOrg = lastRules.orgId === r.orgId;
  const values = {};
  const rows = ruleRows(r).map(([key, label, value]) => {
    values[key] = value;
    const changed = sameOrg && lastRules.values[key] !== undefined && lastRules.values[key] !== value;
    // The PIN rules are a sentence, not a value: they take the whole row.
    const wide = key === 'pinRules' ? 'wide' : '';
    return [
      h('dt', { class: wide }, label),
      h('dd', { class: `${wide} ${changed ? 'changed' : ''}`, 'data-testid': `rule-${key}` }, value),
    ];
  });
  if (!sameOrg || JSON.stringify(values) !== JSON.stringify(lastRules.values)) {
    $('rules').replaceChildren(...rows.flat());
  }
  lastRules = { orgId: r.orgId, values };
}

/** A time as the panel shows it: the time of day, with the date when it is not today. */
function whenText(iso, opts = { hour12: false }) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'time unknown';
  const time = d.toLocaleTimeString([], opts);
  return d.toDateString() === new Date().toDateString()
    ? time
    : `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}

let lastHistory;
/** The org's newest changes through the bot: when, who, what, before → after (names only ever as text). */
function renderHistory(history) {
  const key = JSON.stringify(history) + lastRules.orgId;
  if (key === lastHistory) return;
  const sameOrg = lastHistory !== undefined && $('history').dataset.org === lastRules.orgId;
  const before = new Set([...$('history').children].map((li) => li.dataset.key));
  lastHistory = key;
  $('history').dataset.org = lastRules.orgId;
  if (!history) {
    $('history-sub').textContent = 'The bot’s store does not answer: no history to show';
    $('history').replaceChildren();
    return;
  }
  const { entries, unreadable } = history;
  $('history-sub').textContent =
    `Made through the bot, newest first` +
    (unreadable > 0 ? ` · ${plural(unreadable, 'entry', 'entries')} could not be read` : '');
  $('history').replaceChildren(
    ...entries.map((e) => {
      const k = `${e.at}|${e.kind}|${e.by}`;
      return h(
        'li',
        {
          class: `change ${sameOrg && before.size > 0 && !before.has(k) ? 'call-new' : ''}`,
          'data-testid': 'history-entry',
          'data-kind': e.kind,
          'data-key': k,
        },
        h(
          'div',
          { class: 'change-head' },
          h('time', { datetime: e.at }, whenText(e.at)),
          ' · ',
          h('strong', { class: `change-what change-${e.kind}` }, e.what),
          ' by ',
          h('span', { class: 'change-by', 'data-testid': 'history-by' }, e.by),
        ),
        h(
          'ul',
          { class: 'change-lines' },
          ...e.changes.map((c) =>
            h(
              'li',
              { 'data-testid': 'history-change' },
              h('span', { class: 'change-setting' }, c.setting),
              ': ',
              c.before === undefined ? c.after : `${c.before} → ${c.after}`,
            ),
          ),
        ),
        e.uncertain
          ? h('p', { class: 'change-note' }, 'Not certain it landed: Webex did not answer the change.')
          : null,
      );
    }),
  );
  if (entries.length === 0) {
    $('history').append(h('li', { class: 'call-empty' }, 'No changes through the bot yet.'));
  }
}

/** A person's voicemail PIN in words: the last reset or set by an administrator, or a dash. */
function pinText(pin) {
  if (!pin) return '—';
  const at = whenText(pin.at, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (pin.kind === 'reset') {
    return `PIN reset to the org default by ${pin.by} at ${at}${pin.mustChange ? ', must change at next use' : ''}`;
  }
  return `PIN set by ${pin.by} at ${at}${pin.mustChange ? ', must change at next use' : ''}`;
}

let lastPins = '';
function renderPins(people) {
  const key = JSON.stringify(people) + lastRules.orgId;
  if (key === lastPins) return;
  const before = new Map([...$('pins').children].map((li) => [li.dataset.personId, li.dataset.state]));
  lastPins = key;
  if (!people) {
    $('pins').replaceChildren();
    return;
  }
  $('pins').replaceChildren(
    ...people.map((p) => {
      const state = pinText(p.pin);
      const was = before.get(p.id);
      return h(
        'li',
        {
          class: `pin ${was !== undefined && was !== state ? 'changed' : ''}`,
          'data-testid': 'person-pin',
          'data-person-id': p.id,
          'data-state': state,
        },
        h('span', { class: 'pin-name', title: p.email }, p.name),
        h('span', { class: `pin-state ${p.pin?.mustChange ? 'pin-must-change' : ''}` }, state),
      );
    }),
  );
  if (people.length === 0) {
    $('pins').append(h('li', { class: 'call-empty' }, 'No demo users in this org.'));
  }
}

function statusClass(s) {
  if (s >= 500) return 'st-5xx';
  if (s >= 400) return 'st-4xx';
  return 'st-2xx';
}

let lastCalls = '';
function renderCalls(calls) {
  const key = JSON.stringify(calls);
  if (key === lastCalls) return;
  const fresh = new Set(calls.recent.map((c) => c.seq));
  const before = new Set([...$('calls').children].map((li) => Number(li.dataset.seq)));
  lastCalls = key;
  $('calls-summary').textContent =
    `Newest first · ${plural(calls.total, 'call', 'calls')} · ` +
    `${plural(calls.rulesChanges, 'rules change', 'rules changes')} saved`;
  $('calls').replaceChildren(
    ...calls.recent.map((c) =>
      h(
        'li',
        {
          class: `call ${before.size > 0 && fresh.has(c.seq) && !before.has(c.seq) ? 'call-new' : ''}`,
          'data-testid': 'api-row',
          'data-seq': c.seq,
          'data-method': c.method,
          'data-status': c.status,
          'data-path': c.path,
        },
        h(
          'div',
          { class: 'call-line' },
          h('span', { class: `method m-${c.method.toLowerCase()}` }, c.method),
          h('span', { class: 'call-path', title: c.path }, c.path),
          h('span', { class: `status ${statusClass(c.status)}` }, String(c.status)),
        ),
        h(
          'div',
          { class: 'call-meta' },
          new Date(c.time).toLocaleTimeString([], { hour12: false }),
          ' · ',
          h('span', { class: `actor actor-${c.actorKind}` }, c.actor),
          c.orgName ? ` · ${c.orgName}` : '',
        ),
      ),
    ),
  );
  if (calls.recent.length === 0) $('calls').append(h('li', { class: 'call-empty' }, 'No calls yet.'));
}

// ---- polling ----

async function refresh() {
  const view = state.view;
  const q = new URLSearchParams({ person: state.person, space: state.space });
  const ticket = ++state.asked;
  const snap = await api('GET', `snapshot?${q}`);
  if (view !== state.view || ticket < state.drawn) return;
  state.drawn = ticket;
  renderMessages(snap.messages);
  renderRules(snap.rules);
  renderHistory(snap.history);
  renderPins(snap.people);
  renderCalls(snap.calls);
  document.body.dataset.ready = 'true';
  // Whose space is on screen: a switch is done once this names it (the browser test waits for it).
  document.body.dataset.showing = `${state.person}/${state.space}`;
}

function refreshSoon(delay = 0) {
  window.clearTimeout(state.pollTimer);
  state.pollTimer = window.setTimeout(async () => {
    try {
      await refresh();
    } catch (e) {
      toast(`Lost the sandbox: ${e.message}`, 'error');
    }
    refreshSoon(POLL_MS);
  }, delay);
}

// Narrow screens: the composer sticks to the bottom of the page, and what is scrolled into view clears it.
new window.ResizeObserver(() => {
  document.documentElement.style.setProperty('--composer-height', `${$('composer').offsetHeight}px`);
}).observe($('composer'));

async function start() {
  state.world = await api('GET', 'world');
  if (!state.world.people.some((p) => p.key === state.person)) state.person = 'alice';
  renderRail();
  refreshSoon();
}

start().catch((e) => toast(`The sandbox did not load: ${e.message}`, 'error'));

// For the browser test and the curious: the page's own markdown renderer.
window.sandbox = { renderMarkdown: (src) => md.render(src) };
