// Drawing the panels. Rows and cards are keyed and updated in place, so a button being clicked is never
// replaced under the pointer and the page does not flicker on every event.
import { el, setText, clear, duration, value, party, headerMap } from './dom.js';
import { key } from './model.js';

const now = () => Date.now();
const since = (t) => (now() - t) / 1000;

export function renderServers(box, servers, wsStatus) {
  clear(box);
  for (const s of servers) {
    const ok = s.state === 'READY' && s.synced !== false;
    box.append(el('span', { class: `pill ${ok ? 'ok' : 'bad'}`, 'data-server': s.name },
      el('b', {}, s.name), ` ${String(s.state || '?').toLowerCase()}${s.synced === false ? ', syncing' : ''}`));
  }
  box.append(el('span', { class: `pill ${wsStatus === 'live' ? 'ok' : 'warn'}`, id: 'ws-status' }, `events ${wsStatus}`));
}

/** The live channels table. onHangup(channel, button) is called by each row's button. */
export function renderChannels(tbody, model, onHangup) {
  const seen = new Set();
  const list = [...model.channels.values()].sort((a, b) => a.createdAt - b.createdAt);
  for (const c of list) {
    const k = key(c.server, c.uniqueid);
    seen.add(k);
    let tr = tbody.querySelector(`tr[data-key="${CSS.escape(k)}"]`);
    if (!tr) {
      const btn = el('button', { class: 'hangup', type: 'button', title: 'Hang up this channel' }, 'Hang up');
      btn.addEventListener('click', () => onHangup(model.channels.get(k) || c, btn));
      tr = el('tr', { 'data-key': k, 'data-uniqueid': c.uniqueid, 'data-server': c.server },
        ...['server', 'name', 'state', 'caller', 'connected', 'app', 'duration'].map((f) => el('td', { class: f })),
        el('td', { class: 'action' }, btn));
      tbody.append(tr);
    }
    tr.setAttribute('data-name', c.name);
    const cells = tr.children;
    setText(cells[0], c.server);
    setText(cells[1], c.name);
    setText(cells[2], c.state.replace('_', ' ').toLowerCase());
    cells[2].className = `state st-${c.state.toLowerCase()}`;
    setText(cells[3], party(c.callerId.name, c.callerId.number));
    setText(cells[4], party(c.connectedLine.name, c.connectedLine.number));
    setText(cells[5], c.application ? `${c.application}(${value(c.applicationData)})` : '');
    // these three may be cut short to keep the table as wide as the page; the tooltip has the whole text
    for (const i of [3, 4, 5]) if (cells[i].title !== cells[i].textContent) cells[i].title = cells[i].textContent;
    setText(cells[6], duration(since(c.createdAt)));
  }
  for (const tr of [...tbody.children]) {
    if (!seen.has(tr.getAttribute('data-key'))) tr.remove();
  }
  return list.length;
}

/** Bridges with at least one channel, as "A <-> B  mm:ss" cards. */
export function renderBridges(box, model) {
  const seen = new Set();
  for (const b of model.bridges.values()) {
    if (b.channels.size === 0) continue;
    const k = key(b.server, b.id);
    seen.add(k);
    let card = box.querySelector(`.bridge[data-key="${CSS.escape(k)}"]`);
    if (!card) {
      card = el('div', { class: 'bridge', 'data-key': k },
        el('div', { class: 'parties' }), el('div', { class: 'time' }), el('div', { class: 'meta' }));
      box.append(card);
    }
    const names = [...b.channels].map((u) => {
      const c = model.channels.get(key(b.server, u));
      if (!c) return u;
      const who = party(c.callerId.name, c.callerId.number);
      return who ? `${c.name} (${who})` : c.name;
    });
    card.classList.toggle('lonely', names.length < 2);
    setText(card.children[0], names.length < 2 ? `${names[0] || ''} (alone)` : names.join('  \u2194  '));
    setText(card.children[1], duration(since(b.createdAt)));
    setText(card.children[2], [b.server, b.technology, b.type, b.id].filter(Boolean).join(' \u00b7 '));
  }
  for (const card of [...box.querySelectorAll('.bridge')]) {
    if (!seen.has(card.getAttribute('data-key'))) card.remove();
  }
  return seen.size;
}

const MEMBER_STATUS = {
  0: 'unknown', 1: 'idle', 2: 'in use', 3: 'busy', 4: 'invalid', 5: 'unavailable', 6: 'ringing',
  7: 'ringing, in use', 8: 'on hold',
};

/** The queue wallboard from GET /queues, waits counted on from when it was fetched. */
export function renderQueues(box, queues, fetchedAt) {
  clear(box);
  const extra = since(fetchedAt);
  for (const q of queues) {
    const callers = Array.isArray(q.callers) ? q.callers : [];
    const members = Array.isArray(q.members) ? q.members : [];
    const longest = callers.length ? (Number(q.longestWaitSeconds) || 0) + extra : 0;
    const free = members.filter((m) => !m.paused && !m.inCall && String(memberCode(m)) === '1').length;
    box.append(el('div', { class: 'queue', 'data-queue': q.name },
      el('h3', {}, q.name, el('small', {}, ` ${q.server || ''} \u00b7 ${q.strategy || ''}`)),
      el('div', { class: 'stats' },
        stat('waiting', callers.length, callers.length > 0 ? 'warn' : ''),
        stat('longest wait', duration(longest), longest >= 60 ? 'bad' : ''),
        stat('agents free', `${free}/${members.length}`, free === 0 && members.length ? 'warn' : ''),
        stat('completed', q.completed ?? 0), stat('abandoned', q.abandoned ?? 0, q.abandoned > 0 ? 'bad' : '')),
      el('ol', { class: 'callers' }, callers.map((c) => el('li', {},
        party(c.callerIdName, c.callerIdNumber) || value(c.channel), el('span', { class: 'muted' },
          ` ${duration((Number(c.waitSeconds) || 0) + extra)}`)))),
      el('ul', { class: 'members' }, members.map((m) => {
        const st = m.paused ? 'paused' : m.inCall ? 'in call'
          : MEMBER_STATUS[memberCode(m)] || String(m.status ?? '').toLowerCase().replace(/_/g, ' ');
        return el('li', { class: `member ms-${st.replace(/\W+/g, '-')}` }, value(m.name) || value(m.interface),
          el('span', { class: 'muted' }, ` ${st} \u00b7 ${m.callsTaken ?? 0} taken`));
      }))));
  }
  if (!queues.length) box.append(el('p', { class: 'muted' }, 'No queues configured.'));
}

/** GET /queues gives the device state's name as `status` and its number as `statusCode`; older shapes only a number. */
function memberCode(m) {
  return m.statusCode ?? m.status;
}

function stat(label, v, cls) {
  return el('div', { class: `stat ${cls || ''}` }, el('b', {}, String(v)), el('span', {}, label));
}

/** One line of the event tail. */
export function eventLine(msg) {
  const h = headerMap(msg.headers);
  // DeviceStateChange names a device, not a channel; VarSet and Cdr say more by their own fields than by the
  // channel's state, which every channel-bearing event repeats
  const chan = h.get('channel') || h.get('destchannel') || h.get('device') || '';
  const detail = h.get('cause-txt') || (h.has('variable') ? `${h.get('variable')}=${h.get('value') ?? ''}` : '')
    || h.get('disposition') || (msg.event === 'DeviceStateChange' ? h.get('state') : '')
    || h.get('channelstatedesc') || h.get('queue') || h.get('bridgeuniqueid') || '';
  const t = new Date(msg.receivedAt).toTimeString().slice(0, 8);
  return el('li', { 'data-event': msg.event, 'data-seq': `${msg.server}:${msg.seq}` },
    el('span', { class: 'muted' }, t), el('span', { class: 'srv' }, msg.server || ''),
    el('b', {}, msg.event), el('span', { class: 'chan' }, chan), el('span', { class: 'muted' }, detail));
}

/** Does the event tail filter (words, all must match event name, channel or Uniqueid) keep this event? */
export function matches(msg, filter) {
  if (!filter) return true;
  const h = headerMap(msg.headers);
  const hay = [msg.event, h.get('channel'), h.get('destchannel'), h.get('device'), h.get('uniqueid'), msg.server]
    .join(' ').toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

/** A bar chart (calls per minute) or a line (average duration) as inline SVG. */
export function chart(points, field, kind, unit) {
  const W = 560, H = 140, P = 28;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  const add = (tag, attrs, text) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  const vals = points.map((p) => Math.max(0, Number(p[field]) || 0));
  const max = Math.max(1, ...vals);
  const step = (W - P - 4) / Math.max(1, vals.length);
  add('line', { x1: P, y1: H - 18, x2: W, y2: H - 18, class: 'axis' });
  add('text', { x: 2, y: 12, class: 'label' }, `${Math.round(max)}${unit}`);
  add('text', { x: 2, y: H - 20, class: 'label' }, `0`);
  const y = (v) => H - 18 - (v / max) * (H - 34);
  if (kind === 'bar') {
    vals.forEach((v, i) => add('rect', { x: P + i * step + 1, y: y(v), width: Math.max(1, step - 2), height: H - 18 - y(v), class: 'bar' }));
  } else if (vals.length) {
    add('polyline', { points: vals.map((v, i) => `${P + i * step + step / 2},${y(v)}`).join(' '), class: 'line' });
  }
  if (points.length) {
    const label = (p) => new Date(p.bucketStart).toTimeString().slice(0, 5);
    add('text', { x: P, y: H - 4, class: 'label' }, label(points[0]));
    add('text', { x: W - 40, y: H - 4, class: 'label' }, label(points[points.length - 1]));
  }
  return svg;
}
