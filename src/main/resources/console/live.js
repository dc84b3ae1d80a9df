// The console's copy of the instance list, kept current through the watch stream
// (GET /api/v1/instances?watch=true, server-sent events read with fetch so the bearer header can be sent),
// or by listing every few seconds where the server has no watch.

import { describe, listInstances, problemOf, request } from './api.js';

const POLL_MS = 2500;
const STALL_MS = 90000;
const MAX_BACKOFF_MS = 15000;

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

export class InstanceFeed {
  /**
   * @param onChange (type, object, previous) for ADDED, MODIFIED and DELETED, after the map changed
   * @param onState (state, detail) with state 'live', 'polling' or 'disconnected'
   * @param onUnauthorized (error) when the token is refused; the feed stops
   */
  constructor(onChange, onState, onUnauthorized) {
    this.instances = new Map();
    this.loaded = false;
    this.onChange = onChange;
    this.onState = onState;
    this.onUnauthorized = onUnauthorized;
    this.stopper = new AbortController();
    this.watchUnsupported = false;
    this.lastSeen = null;
  }

  start() {
    this.run();
  }

  stop() {
    this.stopper.abort();
  }

  upsert(object) {
    const previous = this.instances.get(object.name);
    if (previous && JSON.stringify(previous) === JSON.stringify(object)) {
      return;
    }
    this.instances.set(object.name, object);
    this.onChange(previous ? 'MODIFIED' : 'ADDED', object, previous);
  }

  remove(object) {
    const previous = this.instances.get(object.name);
    if (previous) {
      this.instances.delete(object.name);
      this.onChange('DELETED', object, previous);
    }
  }

  replaceAll(items) {
    const seen = new Set();
    for (const item of items) {
      seen.add(item.name);
      this.upsert(item);
    }
    for (const [name, object] of [...this.instances]) {
      if (!seen.has(name)) {
        this.remove(object);
      }
    }
    this.loaded = true;
  }

  async run() {
    const signal = this.stopper.signal;
    let resourceVersion = null;
    let backoff = 1000;
    while (!signal.aborted) {
      try {
        if (resourceVersion === null) {
          const list = await listInstances();
          this.replaceAll(list.items);
          resourceVersion = list.resourceVersion;
        }
        if (resourceVersion === null || this.watchUnsupported) {
          this.onState('polling', 'listing every ' + POLL_MS / 1000 + ' s');
          backoff = 1000;
          resourceVersion = null;
          await sleep(POLL_MS, signal);
          continue;
        }
        resourceVersion = await this.watch(resourceVersion, signal, () => {
          backoff = 1000;
        });
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        if (error.status === 401) {
          this.onState('disconnected', describe(error));
          this.onUnauthorized(error);
          return;
        }
        if (resourceVersion !== null && this.lastSeen) {
          resourceVersion = this.lastSeen; // resume after the last event applied: nothing missed, nothing twice
        }
        this.onState('disconnected', describe(error) + '; retrying');
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  /** Follows one watch connection; answers the version to resume from, or null to list again. */
  async watch(from, signal, connected) {
    this.lastSeen = from;
    const aborter = new AbortController();
    const stopAll = () => aborter.abort();
    signal.addEventListener('abort', stopAll, { once: true });
    try {
      const response = await request('/api/v1/instances?watch=true&resourceVersion=' + encodeURIComponent(from), {
        headers: { Accept: 'text/event-stream' }, signal: aborter.signal,
      });
      if (response.status === 410) {
        return null; // too old to resume: list again and watch from the list's version
      }
      const type = response.headers.get('Content-Type') || '';
      if (response.status === 400 || response.status === 406 || (response.ok && !type.startsWith('text/event-stream'))) {
        this.watchUnsupported = true; // a server without the watch answers with a list, a 400 or a 406
        return null;
      }
      if (!response.ok) {
        throw await problemOf(response);
      }
      this.onState('live', 'following the watch stream');
      connected();
      return await this.read(response, from, aborter);
    } finally {
      signal.removeEventListener('abort', stopAll);
    }
  }

  async read(response, from, aborter) {
    let resume = from;
    let stall = setTimeout(() => aborter.abort(), STALL_MS);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, type: null, data: [] };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          return resume; // the server closed the stream: reconnect from the last version seen
        }
        clearTimeout(stall);
        stall = setTimeout(() => aborter.abort(), STALL_MS);
        buffer += value;
        let end;
        while ((end = buffer.search(/\r\n|\n|\r(?!$)/)) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
          if (line === '') {
            const next = this.dispatch(event);
            if (next === null) {
              return null;
            }
            resume = next || resume;
            this.lastSeen = resume;
            event = { id: null, type: null, data: [] };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'data') {
              event.data.push(text);
            } else if (field === 'event') {
              event.type = text;
            } else if (field === 'id') {
              event.id = text;
            }
          }
        }
      }
    } catch (error) {
      if (aborter.signal.aborted && !this.stopper.signal.aborted) {
        return resume; // stalled: no bookmark for too long; reconnect
      }
      throw error;
    } finally {
      clearTimeout(stall);
      aborter.abort();
    }
  }

  /** Applies one event; answers the version it carries, '' for none, or null when the watch must list again. */
  dispatch(event) {
    if (!event.data.length) {
      return '';
    }
    const data = JSON.parse(event.data.join('\n'));
    const type = event.type || data.type;
    if (data.status === 410 || type === 'ERROR') {
      return null;
    }
    if ((type === 'ADDED' || type === 'MODIFIED') && data.object) {
      this.upsert(data.object);
    } else if (type === 'DELETED' && data.object) {
      this.remove(data.object);
    }
    return event.id || (data.resourceVersion ? String(data.resourceVersion) : '');
  }
}
