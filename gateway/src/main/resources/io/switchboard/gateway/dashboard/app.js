// The dashboard: login by token, initial state over REST, then live updates from the events WebSocket.
import { el, setText, clear } from './dom.js';
import { token, call, EventStream } from './api.js';
import { Model } from './model.js';
import * as views from './views.js';

const $ = (id) => document.getElementById(id);
const MAX_EVENTS = 200;

let model = new Model();
let servers = [];
let wsStatus = 'off';
let queues = null; // null: not loaded or no /queues endpoint on this gateway
let queuesAt = 0;
let events = []; // newest first
let paused = false;
let missed = 0;
let buffer = null; // events arriving while a reload is in flight, applied after it
let reloading = false;
let reloadAgain = false;
let timers = [];
let renderTimer = null;
let queueTimer = null;
const dirty = new Set();

const stream = new EventStream({
  onEvent,
  onGap: () => reload(),
  onOpen: (resuming) => { if (!resuming) reload(); },
  onStatus: (s) => { wsStatus = s; drawServers(); },
});

function notice(text, kind) {
  const n = $('notice');
  setText(n, text);
  n.className = kind || 'info';
  n.hidden = !text;
  clearTimeout(notice.timer);
  if (text) notice.timer = setTimeout(() => { n.hidden = true; }, 10000);
}

/** A 401 mid-session (token removed from the config): back to the login form, saying why. */
function failed(e, what) {
  if (e.status === 401) {
    logout('The gateway no longer accepts this token (401 unauthorized). Sign in again.');
    return;
  }
  notice(`${what}: ${e.describe()}`, 'error');
}

async function login(t) {
  token.set(t);
  setText($('login-error'), '');
  try {
    servers = await call('GET', '/servers');
  } catch (e) {
    token.clear();
    setText($('login-error'), e.status === 401 ? 'Token not accepted (401 unauthorized).'
      : e.status === 403 ? 'This token may not view the dashboard (403 forbidden).'
        : `Cannot reach the gateway: ${e.describe()}`);
    return;
  }
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  drawServers();
  stream.start();
  timers = [
    setInterval(tick, 1000),
    setInterval(loadServers, 5000),
    setInterval(() => { if (queues) loadQueues(); }, 5000), // a gateway without /queues is asked once per reload
    setInterval(loadStats, 30000),
    // a safety net: whatever an event could not express (a channel gone without its Hangup) is dropped
    setInterval(reload, 60000),
  ];
  loadStats();
}

function logout(message) {
  stream.stop();
  timers.forEach(clearInterval);
  timers = [];
  token.clear();
  model = new Model();
  queues = null;
  events = [];
  buffer = null;
  [$('channels-body'), $('bridges'), $('queues'), $('event-list'), $('stats'), $('servers')].forEach(clear);
  $('app-view').hidden = true;
  $('logout').hidden = true;
  $('login-view').hidden = false;
  setText($('login-error'), message || '');
  $('token').value = '';
  $('token').focus();
}

/** Loads channels, bridges and queues; events received meanwhile are applied afterwards, in order. */
async function reload() {
  if (reloading) { reloadAgain = true; return; }
  reloading = true;
  buffer = [];
  try {
    const [channels, bridges] = await Promise.all([call('GET', '/channels'), optional('/bridges')]);
    model.loadChannels(channels);
    model.loadBridges(bridges);
    for (const m of buffer) model.apply(m);
    dirty.add('channels').add('bridges');
    scheduleRender();
    loadQueues();
  } catch (e) {
    failed(e, 'Loading channels failed');
  } finally {
    buffer = null;
    reloading = false;
    if (reloadAgain) { reloadAgain = false; reload(); }
  }
}

/** GET an endpoint another gateway version may not have: null on 404. */
async function optional(path) {
  try {
    return await call('GET', path);
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

async function loadServers() {
  try { servers = await call('GET', '/servers'); drawServers(); } catch (e) { failed(e, 'Server status'); }
}

async function loadQueues() {
  try {
    const q = await optional('/queues');
    queues = Array.isArray(q) ? q : null;
    queuesAt = Date.now();
    $('queues-missing').hidden = queues !== null;
    drawQueues();
  } catch (e) {
    failed(e, 'Loading queues failed');
  }
}

async function loadStats() {
  const to = new Date();
  const from = new Date(to.getTime() - 60 * 60 * 1000);
  const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}&bucket=minute`;
  try {
    const points = await optional(`/cdr/stats?${q}`);
    $('stats-panel').hidden = !Array.isArray(points);
    if (!Array.isArray(points)) return;
    const box = $('stats');
    clear(box);
    const calls = points.reduce((n, p) => n + (Number(p.calls) || 0), 0);
    box.append(el('figure', {}, el('figcaption', {}, `Calls per minute (${calls} in the last hour)`),
      views.chart(points, 'calls', 'bar', '')),
      el('figure', {}, el('figcaption', {}, 'Average duration (s)'), views.chart(points, 'avgDurationSeconds', 'line', 's')));
  } catch (e) {
    failed(e, 'Loading call statistics failed');
  }
}

function onEvent(msg) {
  msg.receivedAt = Date.now();
  events.unshift(msg);
  if (events.length > MAX_EVENTS) events.length = MAX_EVENTS;
  if (paused) {
    // counted beside the button, not on it: a label changing under the pointer makes the button hard to hit
    missed++;
    setText($('missed'), `${missed} new`);
  } else if (views.matches(msg, $('event-filter').value)) {
    const list = $('event-list');
    list.prepend(views.eventLine(msg));
    while (list.children.length > MAX_EVENTS) list.lastChild.remove();
  }
  if (buffer) { buffer.push(msg); return; }
  let touched;
  try {
    touched = model.apply(msg);
  } catch (e) {
    console.warn('event not applied', msg.event, e);
    return;
  }
  for (const t of touched) {
    if (t === 'queues') {
      if (queues) {
        clearTimeout(queueTimer);
        queueTimer = setTimeout(loadQueues, 400);
      }
    } else {
      dirty.add(t);
    }
  }
  scheduleRender();
}

function drawEvents() {
  const list = $('event-list');
  clear(list);
  const f = $('event-filter').value;
  list.append(...events.filter((m) => views.matches(m, f)).map(views.eventLine));
}

/** Redraws the touched panels at most every 100 ms however fast events come. */
function scheduleRender() {
  if (renderTimer) return;
  renderTimer = setTimeout(() => {
    renderTimer = null;
    if (dirty.has('channels')) drawChannels();
    if (dirty.has('bridges') || dirty.has('channels')) drawBridges();
    dirty.clear();
  }, 100);
}

function tick() {
  drawChannels();
  drawBridges();
  drawQueues();
}

function drawServers() {
  views.renderServers($('servers'), servers, wsStatus);
}

function drawChannels() {
  const n = views.renderChannels($('channels-body'), model, hangup);
  setText($('channel-count'), n);
  $('channels-empty').hidden = n > 0;
}

function drawBridges() {
  const n = views.renderBridges($('bridges'), model);
  setText($('bridge-count'), n);
  $('bridges-empty').hidden = n > 0;
}

function drawQueues() {
  if (queues) views.renderQueues($('queues'), queues, queuesAt);
  else clear($('queues'));
}

async function hangup(c, button) {
  button.disabled = true;
  setText(button, 'Hanging up\u2026');
  try {
    await call('POST', `/channels/${encodeURIComponent(c.server)}/${encodeURIComponent(c.uniqueid)}/hangup`, {});
    notice(`Hang-up requested for ${c.name}.`, 'info');
  } catch (e) {
    button.disabled = false;
    setText(button, 'Hang up');
    if (e.status === 403) notice(`Hang up refused: this token may not hang up calls (${e.describe()}).`, 'error');
    else if (e.status === 404) notice(`${c.name} is already gone.`, 'info');
    else failed(e, `Hang up of ${c.name} failed`);
  }
}

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const t = $('token').value.trim();
  if (t) login(t);
});
$('logout').addEventListener('click', () => logout(''));
$('event-filter').addEventListener('input', drawEvents);
$('pause').addEventListener('click', () => {
  paused = !paused;
  missed = 0;
  setText($('pause'), paused ? 'Resume' : 'Pause');
  setText($('missed'), paused ? '0 new' : '');
  $('pause').classList.toggle('active', paused);
  if (!paused) drawEvents();
});
// A read-only handle for the browser console and the browser test (e.g. to drop the socket and watch it resume).
window.switchboard = Object.freeze({ stream, model: () => model });
if (token.get()) login(token.get());
else $('token').focus();
