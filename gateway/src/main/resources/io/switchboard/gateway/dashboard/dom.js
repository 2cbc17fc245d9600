// Small DOM and formatting helpers. Server data only ever reaches the page through textContent and attributes
// set with setAttribute, never innerHTML, so a channel named "<img onerror=...>" is shown, not run.

/** An element with attributes ({class, data-*, ...}; on* functions become listeners) and children. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function' && k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Sets an element's text only when it changed (keeps the DOM quiet between ticks). */
export function setText(e, text) {
  const t = text === null || text === undefined ? '' : String(text);
  if (e.textContent !== t) e.textContent = t;
}

export function clear(e) {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** 75 -> "01:15", 3700 -> "1:01:40". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = String(m).padStart(2, '0'), ss = String(r).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Asterisk's placeholders for "no value" shown as empty. */
export function value(v) {
  return v === null || v === undefined || v === '<unknown>' || v === '<none>' ? '' : String(v);
}

/** "Alice <100>", "100", or "". */
export function party(name, number) {
  const n = value(name), num = value(number);
  if (n && num && n !== num) return `${n} <${num}>`;
  return n || num;
}

/** The event's headers ([[k, v], ...]) by lower-case key; the first of repeated keys wins. */
export function headerMap(headers) {
  const m = new Map();
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (Array.isArray(h) && h.length >= 2) {
        const k = String(h[0]).toLowerCase();
        if (!m.has(k)) m.set(k, String(h[1]));
      }
    }
  }
  return m;
}
