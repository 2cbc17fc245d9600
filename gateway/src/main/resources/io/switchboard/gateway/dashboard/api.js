// The gateway's REST API and events WebSocket, with the token from the login form.

const TOKEN_KEY = 'switchboard.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A failed call: HTTP status, the gateway's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
  describe() {
    const what = this.status ? `${this.status} ${this.code || ''}`.trim() : 'network error';
    return this.message ? `${what}: ${this.message}` : what;
  }
}

/** Calls /api/v1{path}; resolves with the parsed JSON body, rejects with an ApiError. */
export async function call(method, path, body) {
  const headers = { Authorization: `Bearer ${token.get() || ''}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let r;
  try {
    r = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'network', String(e && e.message || e));
  }
  let data = null;
  const text = await r.text();
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!r.ok) {
    const code = data && typeof data.code === 'string' ? data.code : `http_${r.status}`;
    const msg = data && typeof data.message === 'string' ? data.message : r.statusText;
    throw new ApiError(r.status, code, msg);
  }
  return data;
}

/**
 * The events WebSocket. Remembers each server's last sequence and reconnects with since=server:seq so no
 * event is lost or repeated across a short drop; onGap tells the caller to reload its state instead.
 */
export class EventStream {
  constructor({ onEvent, onGap, onStatus, onOpen }) {
    Object.assign(this, { onEvent, onGap, onStatus, onOpen });
    this.seq = {};
    this.ws = null;
    this.stopped = true;
    this.retry = 0;
    this.timer = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) this.ws.close(1000, 'logout');
    this.ws = null;
    this.seq = {};
  }

  /** True when a reconnect can resume from sequences instead of reloading everything. */
  canResume() {
    return Object.keys(this.seq).length > 0;
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    let url = `${proto}://${location.host}/api/v1/events?token=${encodeURIComponent(token.get() || '')}`;
    const since = Object.entries(this.seq).map(([s, n]) => `${s}:${n}`).join(',');
    const resuming = since.length > 0;
    if (resuming) url += `&since=${encodeURIComponent(since)}`;
    this.resumedFrom = since; // what the last (re)connect asked for: shown to tests and the console
    this.onStatus('connecting');
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.onStatus('live');
      this.onOpen(resuming);
    };
    ws.onmessage = (m) => this.message(m.data);
    ws.onclose = () => {
      if (this.ws !== ws || this.stopped) return;
      this.onStatus('reconnecting');
      // backoff 1, 2, 4 ... 10 s so a restarting gateway is not hammered
      const delay = Math.min(10000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  message(data) {
    let msg;
    try { msg = JSON.parse(data); } catch (e) { return; }
    if (!msg || typeof msg !== 'object') return;
    if (msg.gap) {
      this.onGap(msg.server);
      return;
    }
    if (typeof msg.server === 'string' && typeof msg.seq === 'number') this.seq[msg.server] = msg.seq;
    if (typeof msg.event === 'string') this.onEvent(msg);
  }
}
