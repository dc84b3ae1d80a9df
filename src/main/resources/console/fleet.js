// The fleet at a glance: tallies by phase, tier and host, the hosts with their brakes and the
// rollout, and the filterable instance list, kept current from the feed. The filters live in the
// address (#/?phase=Failed&tier=starter&host=dokku-1&name=acme): a filtered view can be shared, survives
// a reload, and back and forward step through the filters chosen.

import { api, describe, name as encoded, post } from './api.js';
import { PHASES, clear, el, phaseBadge, readyText, setPhase, when } from './dom.js';

const HOSTS_MS = 15000;
const $ = (id) => document.getElementById(id);
const FILTERS = { name: 'filter-name', phase: 'filter-phase', tier: 'filter-tier', host: 'filter-host' };

function count(n, noun) {
  return n + ' ' + noun + (n === 1 ? '' : 's');
}

function tally(items, key) {
  const counts = new Map();
  for (const item of items) {
    const value = key(item);
    counts.set(value, (counts.get(value) || 0) + 1);
  }
  return counts;
}

export class FleetView {
  constructor(feed, access) {
    this.feed = feed;
    this.access = access;
    this.rows = new Map();
    this.signatures = {};
    this.hostNames = [];
    this.hostsTimer = null;
    this.renderTimer = null;
    this.wanted = { name: '', phase: '', tier: '', host: '' };
    this.typing = false;
    for (const [key, id] of Object.entries(FILTERS)) {
      $(id).addEventListener('input', () => this.chosen(key === 'name'));
    }
    $('filters').addEventListener('reset', () => setTimeout(() => this.chosen(false)));
    $('filters').addEventListener('submit', (event) => event.preventDefault());
    this.options('filter-phase', PHASES);
    $('tallies').append(...[['by-phase', 'By phase', 'Phase'], ['by-tier', 'By tier', 'Tier'],
      ['by-host', 'By host', 'Host']].map(([id, title, column]) => el('section', { 'aria-labelledby': id + '-title' },
      el('h2', { id: id + '-title', text: title }),
      el('table', { id, class: 'tally' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: column }),
          el('th', { scope: 'col', class: 'num', text: 'Instances' }))),
        el('tbody')))));
  }

  /** Shows the fleet filtered as the address's query says. */
  show(query) {
    $('fleet-view').hidden = false;
    this.fromAddress(query);
    this.refreshHosts();
    this.hostsTimer = setInterval(() => this.refreshHosts(), HOSTS_MS);
  }

  get shown() {
    return !$('fleet-view').hidden;
  }

  hide() {
    $('fleet-view').hidden = true;
    clearInterval(this.hostsTimer);
  }

  /** One instance changed (or went): its row, then the tallies. */
  changed(type, object) {
    const body = $('instances').tBodies[0];
    let row = this.rows.get(object.name);
    if (type === 'DELETED') {
      if (row) {
        row.remove();
        this.rows.delete(object.name);
      }
    } else {
      if (!row) {
        row = this.newRow(object.name);
        const after = [...this.rows.keys()].filter((n) => n > object.name).sort()[0];
        body.insertBefore(row, after ? this.rows.get(after) : null);
        this.rows.set(object.name, row);
      }
      this.fill(row, object);
    }
    if (!this.renderTimer) {
      this.renderTimer = setTimeout(() => {
        this.renderTimer = null;
        this.render();
      }, 50);
    }
  }

  newRow(instance) {
    const link = el('a', { href: '#/instances/' + encoded(instance), text: instance });
    return el('tr', { 'data-name': instance }, el('th', { scope: 'row' }, link),
      el('td', {}, phaseBadge(null)), el('td'), el('td'), el('td'), el('td'));
  }

  fill(row, instance) {
    const cells = row.cells;
    const status = instance.status || {};
    row.dataset.phase = status.phase;
    setPhase(cells[1].firstChild, status.phase);
    cells[2].textContent = (instance.spec && instance.spec.tier) || '—';
    cells[3].textContent = status.host || '—';
    cells[4].textContent = readyText(instance);
    cells[5].replaceChildren(when(instance.updatedAt));
  }

  render() {
    const items = [...this.feed.instances.values()];
    const hosts = new Set([...this.hostNames, ...items.map((i) => i.status && i.status.host).filter(Boolean)]);
    const ready = items.filter((i) => i.status && i.status.phase === 'Ready').length;
    const failing = items.filter((i) => i.status && ['Degraded', 'Failed'].includes(i.status.phase)).length;
    $('fleet-summary').textContent = this.feed.loaded
      ? count(items.length, 'instance') + ' on ' + count(hosts.size, 'host') + ': ' + ready + ' Ready, ' + failing
        + ' Degraded or Failed, ' + (items.length - ready - failing) + ' other'
      : 'Loading…';
    const byPhase = tally(items, (i) => (i.status && i.status.phase) || 'Unknown');
    // Known phases in their life order, then any phase this console does not know yet.
    const order = [...PHASES, ...[...byPhase.keys()].filter((p) => !PHASES.includes(p)).sort()];
    const phases = order.filter((p) => byPhase.has(p)).map((p) => [p, byPhase.get(p)]);
    this.tallyTable('by-phase', phases, (phase) => el('button', {
      type: 'button', class: 'filter', 'aria-label': 'Show only ' + phase + ' instances',
      onclick: () => this.only('filter-phase', phase),
    }, phaseBadge(phase)));
    const sorted = (map) => [...map.entries()].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const byTier = tally(items, (i) => (i.spec && i.spec.tier) || '—');
    this.tallyTable('by-tier', sorted(byTier), (tier) => el('button', {
      type: 'button', class: 'filter', onclick: () => this.only('filter-tier', tier), text: tier,
    }));
    const byHost = tally(items, (i) => (i.status && i.status.host) || 'not placed');
    this.tallyTable('by-host', sorted(byHost), (host) => host === 'not placed' ? host : el('button', {
      type: 'button', class: 'filter', onclick: () => this.only('filter-host', host), text: host,
    }));
    this.options('filter-phase', order);
    this.options('filter-tier', [...byTier.keys()].filter((t) => t !== '—').sort());
    this.options('filter-host', [...hosts].sort());
    this.filter();
  }

  /** Rebuilds a tally only when its numbers changed, so a focused button keeps its focus. */
  tallyTable(id, entries, label) {
    const signature = JSON.stringify(entries);
    if (this.signatures[id] === signature) {
      return;
    }
    this.signatures[id] = signature;
    clear($(id).tBodies[0]).append(...entries.map(([key, count]) =>
      el('tr', { 'data-key': key }, el('th', { scope: 'row' }, label(key)),
        el('td', { class: 'num', text: String(count) }))));
  }

  /** A select's choices; the filter asked for stays among them even when no instance has that value now. */
  options(id, values) {
    const select = $(id);
    const wanted = this.wanted[Object.keys(FILTERS).find((key) => FILTERS[key] === id)];
    const all = wanted && !values.includes(wanted) ? [...values, wanted] : values;
    const signature = JSON.stringify(all);
    if (select.dataset.values !== signature) {
      select.dataset.values = signature;
      select.replaceChildren(el('option', { value: '', text: 'any' }),
        ...all.map((v) => el('option', { value: v, text: v })));
    }
    select.value = wanted;
  }

  /** The filters from the address's query, as after a reload, a shared link, back or forward. */
  fromAddress(query) {
    const given = new URLSearchParams(query || '');
    for (const key of Object.keys(FILTERS)) {
      this.wanted[key] = (given.get(key) || '').trim();
    }
    $('filter-name').value = this.wanted.name;
    this.typing = false;
    this.render(); // sets the selects to the wanted values
  }

  /** The fleet's address with the filters chosen now; never anything else (the token is not in it). */
  address() {
    const query = new URLSearchParams();
    for (const key of Object.keys(FILTERS)) {
      if (this.wanted[key]) {
        query.set(key, this.wanted[key]);
      }
    }
    const text = query.toString();
    return '#/' + (text ? '?' + text : '');
  }

  /** A person changed a filter: a new history entry (what is typed into the name field in one go is one entry). */
  chosen(typing) {
    for (const [key, id] of Object.entries(FILTERS)) {
      this.wanted[key] = $(id).value.trim();
    }
    const address = this.address();
    if (address !== window.location.hash) {
      if (typing && this.typing) {
        history.replaceState(null, '', address);
      } else {
        history.pushState(null, '', address);
      }
    }
    this.typing = typing;
    this.filter();
  }

  only(id, value) {
    $(id).value = value;
    this.chosen(false);
    $('instances-title').scrollIntoView();
  }

  filter() {
    const text = this.wanted.name.toLowerCase();
    const { phase, tier, host } = this.wanted;
    let shown = 0;
    for (const [instance, row] of this.rows) {
      const object = this.feed.instances.get(instance);
      const status = (object && object.status) || {};
      const visible = instance.includes(text) && (!phase || status.phase === phase)
        && (!tier || (object.spec && object.spec.tier) === tier) && (!host || status.host === host);
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    $('filter-count').textContent = shown === this.rows.size
      ? count(this.rows.size, 'instance') : shown + ' of ' + count(this.rows.size, 'instance') + ' match the filters';
  }

  async refreshHosts() {
    try {
      this.showHosts(await api('/api/v1/hosts'));
      $('hosts-problem').textContent = '';
    } catch (error) {
      $('hosts-problem').textContent = 'Hosts: ' + describe(error);
    }
  }

  writeButton(text, label, action) {
    const access = this.access();
    return el('button', {
      type: 'button', class: 'write', text, 'aria-label': label, disabled: !access.write,
      'aria-describedby': access.write ? null : 'scope-text', onclick: action,
    });
  }

  async act(question, path) {
    if (!window.confirm(question)) {
      return;
    }
    try {
      this.showHosts(await post(path));
      $('hosts-problem').textContent = '';
    } catch (error) {
      $('hosts-problem').textContent = describe(error);
    }
  }

  releaseButton(host) {
    return this.writeButton('Release brake', 'Release the safety brake of ' + host, () => this.act(
      'Release the safety brake of ' + host + '? Do this only after checking why it engaged.',
      '/api/v1/hosts/' + encoded(host) + '/release-brake'));
  }

  showHosts(tree) {
    this.hostNames = tree.items.map((h) => h.name);
    const brake = tree.fleetBrake;
    $('fleet-brake').replaceChildren(...(brake
      ? [el('span', { class: 'problem', text: 'Fleet-wide safety brake engaged since ' + brake.since + ': '
          + brake.reason + ' ' }), this.releaseButton('fleet')] : ['Fleet-wide safety brake: off']));
    const r = tree.rollout || {};
    const rollout = 'Rollout of operator revision ' + (r.revision || r.release) + ': ' + r.done + ' done, ' + r.inFlight
      + ' in flight (at most ' + r.maxInFlight + '), ' + r.failed + ' failed';
    $('rollout').replaceChildren(...(r.halted ? [rollout + ' — halted ', this.writeButton('Resume rollout',
      'Resume the halted rollout', () => this.act('Resume the halted rollout of ' + (r.revision || r.release) + '?',
        '/api/v1/rollout/resume'))] : [rollout]));
    clear($('hosts').tBodies[0]).append(...tree.items.map((h) => el('tr', { 'data-host': h.name },
      el('th', { scope: 'row', text: h.name }),
      el('td', { text: h.address + (h.sandbox ? ' (sandbox)' : '') }),
      el('td', { class: h.reachable ? null : 'problem',
        text: h.reachable ? 'Yes' : 'No' + (h.unreachableSince ? ' since ' + h.unreachableSince : '')
          + (h.error ? ': ' + h.error : '') }),
      el('td', { text: h.dokkuVersion || '—' }),
      el('td', { class: 'num', text: h.instances + ' / ' + h.capacity }),
      el('td', {}, h.safetyBrake ? el('span', { class: 'problem',
        text: 'Engaged since ' + h.safetyBrake.since + ': ' + h.safetyBrake.reason + ' ' }) : 'off',
      h.safetyBrake ? this.releaseButton(h.name) : null))));
    this.render();
  }
}
