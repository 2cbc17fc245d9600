// What the page knows: channels and bridges loaded over REST, then kept current by the event stream.
import { headerMap } from './dom.js';

const STATES = {
  0: 'DOWN', 1: 'RESERVED', 2: 'OFF_HOOK', 3: 'DIALING', 4: 'RING', 5: 'RINGING', 6: 'UP', 7: 'BUSY',
  8: 'DIALING_OFFHOOK', 9: 'PRE_RING', 65536: 'MUTE',
};

export const key = (server, id) => `${server}/${id}`;

export class Model {
  constructor() {
    this.channels = new Map(); // server/uniqueid -> channel
    this.bridges = new Map(); // server/bridgeid -> {server, id, technology, type, channels: Set, createdAt}
  }

  /** Replaces the channels with GET /channels' list. */
  loadChannels(list) {
    this.channels.clear();
    for (const c of Array.isArray(list) ? list : []) {
      if (!c || !c.server || !c.uniqueid) continue;
      this.channels.set(key(c.server, c.uniqueid), {
        server: c.server, uniqueid: c.uniqueid, name: c.name || '', state: c.state || 'UNKNOWN',
        callerId: c.callerId || {}, connectedLine: c.connectedLine || {}, application: c.application || '',
        applicationData: c.applicationData || '', bridgeId: c.bridgeId || '',
        createdAt: Date.parse(c.createdAt) || Date.now(),
      });
    }
  }

  /** Replaces the bridges with GET /bridges' list, or (null: no such endpoint) derives them from channels. */
  loadBridges(list) {
    this.bridges.clear();
    if (Array.isArray(list)) {
      for (const b of list) {
        if (!b || !b.server || !b.id) continue;
        this.bridges.set(key(b.server, b.id), {
          server: b.server, id: b.id, technology: b.technology || '', type: b.type || '',
          channels: new Set(Array.isArray(b.channels) ? b.channels : []),
          createdAt: Date.parse(b.createdAt) || Date.now(),
        });
      }
      return;
    }
    for (const c of this.channels.values()) {
      if (c.bridgeId) this.bridge(c.server, c.bridgeId, c.createdAt).channels.add(c.uniqueid);
    }
  }

  bridge(server, id, createdAt) {
    const k = key(server, id);
    let b = this.bridges.get(k);
    if (!b) {
      b = { server, id, technology: '', type: '', channels: new Set(), createdAt: createdAt || Date.now() };
      this.bridges.set(k, b);
    }
    return b;
  }

  /**
   * Applies one event; returns what it touched ('channels', 'bridges', 'queues') so only those panels are
   * redrawn. Unknown events touch nothing. Re-applying events older than the loaded state converges,
   * because each event sets what it reports rather than counting.
   */
  apply(msg) {
    const h = headerMap(msg.headers);
    const server = msg.server;
    const name = msg.event.toLowerCase();
    const touched = new Set();
    const uid = h.get('uniqueid');
    if (name.startsWith('queue') || name.startsWith('agent')) touched.add('queues');
    if (name === 'hangup' && uid) {
      const c = this.channels.get(key(server, uid));
      if (c && c.bridgeId) this.leave(server, c.bridgeId, uid);
      this.channels.delete(key(server, uid));
      touched.add('channels').add('bridges');
      return touched;
    }
    if (uid && h.has('channel')) {
      this.update(server, uid, h, name === 'newchannel');
      touched.add('channels');
    }
    const bid = h.get('bridgeuniqueid');
    if (bid && name.startsWith('bridge')) {
      touched.add('bridges');
      if (name === 'bridgedestroy') {
        this.bridges.delete(key(server, bid));
      } else if (name === 'bridgeleave') {
        this.leave(server, bid, uid);
      } else {
        const b = this.bridge(server, bid);
        b.technology = h.get('bridgetechnology') || b.technology;
        b.type = h.get('bridgetype') || b.type;
        if (name === 'bridgeenter' && uid) {
          b.channels.add(uid);
          const c = this.channels.get(key(server, uid));
          if (c) c.bridgeId = bid;
        }
      }
    }
    return touched;
  }

  update(server, uid, h, create) {
    const k = key(server, uid);
    let c = this.channels.get(k);
    if (!c) {
      if (!create && !h.has('channelstate')) return;
      c = { server, uniqueid: uid, name: '', state: 'UNKNOWN', callerId: {}, connectedLine: {}, application: '',
        applicationData: '', bridgeId: '', createdAt: Date.now() };
      this.channels.set(k, c);
    }
    c.name = h.get('newname') || h.get('channel') || c.name;
    if (h.has('channelstate')) c.state = STATES[h.get('channelstate')] || c.state;
    if (h.has('calleridnum')) c.callerId = { number: h.get('calleridnum'), name: h.get('calleridname') };
    if (h.has('connectedlinenum')) {
      c.connectedLine = { number: h.get('connectedlinenum'), name: h.get('connectedlinename') };
    }
    if (h.has('application')) {
      c.application = h.get('application');
      c.applicationData = h.get('appdata') || '';
    }
  }

  leave(server, bid, uid) {
    const b = this.bridges.get(key(server, bid));
    if (b && uid) b.channels.delete(uid);
    const c = uid && this.channels.get(key(server, uid));
    if (c && c.bridgeId === bid) c.bridgeId = '';
  }
}
