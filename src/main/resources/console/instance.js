// One instance: status, URLs, conditions, drift, the next plan, recent events and the spec.

import { api, describe, name as encoded, post } from './api.js';
import { clear, el, phaseBadge, shortTime, when } from './dom.js';

const $ = (id) => document.getElementById(id);
const EVENTS = 25;

export class InstancePage {
  constructor(feed, access) {
    this.feed = feed;
    this.access = access;
    this.name = null;
    this.detailsTimer = null;
    $('reconcile').addEventListener('click', () => this.reconcile());
    $('refresh').addEventListener('click', () => this.refreshDetails());
  }

  async show(instance) {
    this.name = instance;
    $('instance-view').hidden = false;
    $('instance-title').textContent = instance;
    document.title = instance + ' · mindroom operator';
    for (const id of ['instance-gone', 'action-result', 'action-problem', 'plan-summary', 'instance-drift']) {
      $(id).textContent = '';
    }
    for (const id of ['instance-status', 'instance-urls', 'plan-actions', 'plan-conflicts']) {
      clear($(id));
    }
    clear($('conditions').tBodies[0]);
    clear($('events').tBodies[0]);
    $('instance-spec').textContent = '';
    this.updateAccess();
    const known = this.feed.instances.get(instance);
    if (known) {
      this.render(known);
    } else {
      try {
        this.render(await api('/api/v1/instances/' + encoded(instance)));
      } catch (error) {
        $('instance-gone').textContent = describe(error);
      }
    }
    this.refreshDetails();
  }

  hide() {
    $('instance-view').hidden = true;
    this.name = null;
    clearTimeout(this.detailsTimer);
  }

  updateAccess() {
    const access = this.access();
    $('reconcile').disabled = !access.write;
    if (access.write) {
      $('reconcile').removeAttribute('aria-describedby');
    } else {
      $('reconcile').setAttribute('aria-describedby', 'scope-text');
    }
  }

  changed(type, object) {
    if (object.name !== this.name) {
      return;
    }
    if (type === 'DELETED') {
      $('instance-gone').textContent = 'This instance is gone: the operator deleted it.';
    }
    this.render(object);
    clearTimeout(this.detailsTimer);
    this.detailsTimer = setTimeout(() => this.refreshDetails(), 1500);
  }

  render(instance) {
    const status = instance.status || {};
    const error = status.lastError;
    const facts = [
      ['Phase', phaseBadge(status.phase)],
      ['Host', status.host || 'not placed yet'],
      ['Generation', instance.generation + ' (observed ' + status.observedGeneration + ')'],
      ['Resource version', instance.resourceVersion],
      ['Created', when(instance.createdAt)],
      ['Updated', when(instance.updatedAt)],
      ['Last reconcile', when(status.lastReconcileAt)],
      ['Attempts', String(status.attempts)],
      ['Next attempt', when(status.nextAttemptAt)],
      ['Last error', error ? error.code + ': ' + error.message : 'none'],
      ['Reconcile requested', when(instance.reconcileRequestedAt)],
      ['Deletion requested', when(instance.deletionRequestedAt)],
    ];
    clear($('instance-status')).append(...facts.flatMap(([term, value]) =>
      [el('dt', { text: term }), el('dd', {}, value)]));
    const urls = status.urls || [];
    clear($('instance-urls')).append(...(urls.length ? urls.map((url) => el('li', {},
      el('a', { href: url, rel: 'noreferrer noopener', target: '_blank', text: url })))
      : [el('li', { text: 'none yet' })]));
    clear($('conditions').tBodies[0]).append(...(status.conditions || []).map((c) => el('tr', {},
      el('th', { scope: 'row', text: c.type }),
      el('td', { class: c.status === 'True' ? null : 'problem', text: c.status }),
      el('td', { text: c.reason }),
      el('td', { class: 'message', text: c.message }),
      el('td', {}, when(c.lastTransitionTime)))));
    const drift = status.lastDrift;
    $('instance-drift').dataset.lastDrift = drift
      ? 'Last drift seen ' + shortTime(drift.at) + ' in: ' + drift.fields.join(', ') + '.'
      : 'No drift seen since the operator took this instance over.';
    this.showDrift();
    $('instance-spec').textContent = JSON.stringify(instance.spec, null, 2);
  }

  showDrift() {
    const node = $('instance-drift');
    node.textContent = (node.dataset.lastDrift || '') + ' ' + (node.dataset.planDrift || '');
  }

  async refreshDetails() {
    const instance = this.name;
    if (!instance) {
      return;
    }
    const [events, plan] = await Promise.allSettled([
      api('/api/v1/instances/' + encoded(instance) + '/events?limit=' + EVENTS),
      api('/api/v1/instances/' + encoded(instance) + '/plan'),
    ]);
    if (instance !== this.name) {
      return;
    }
    const body = clear($('events').tBodies[0]);
    if (events.status === 'fulfilled') {
      body.append(...events.value.items.map((e) => el('tr', {},
        el('td', {}, when(e.at)),
        el('td', { class: e.type === 'Warning' ? 'problem' : null, text: e.type }),
        el('th', { scope: 'row', text: e.reason }),
        el('td', { class: 'message', text: e.message }),
        el('td', { text: e.actor }))));
    } else {
      body.append(el('tr', {}, el('td', { colspan: '5', class: 'problem', text: describe(events.reason) })));
    }
    this.showPlan(plan);
  }

  showPlan(plan) {
    const actions = clear($('plan-actions'));
    const conflicts = clear($('plan-conflicts'));
    const drift = $('instance-drift');
    if (plan.status === 'rejected') {
      $('plan-summary').textContent = 'The plan cannot be computed now: ' + describe(plan.reason);
      drift.dataset.planDrift = '';
      this.showDrift();
      return;
    }
    const p = plan.value;
    $('plan-summary').textContent = p.converged
      ? 'Converged: the next pass on ' + (p.host || 'its host') + ' changes nothing.'
      : p.actions.length + ' actions on ' + (p.host || 'a host to be chosen') + ' for generation ' + p.generation + ':';
    actions.append(...p.actions.map((a) => el('li', {}, el('code', { text: a.command }),
      a.destructive ? el('strong', { class: 'problem', text: ' (destructive)' }) : null)));
    conflicts.append(...(p.conflicts || []).map((c) => el('li', { class: 'problem',
      text: 'Conflict: ' + (typeof c === 'string' ? c : JSON.stringify(c)) })));
    drift.dataset.planDrift = p.drift && p.drift.length
      ? 'Drift now, repaired by the next pass: ' + p.drift.map((d) => typeof d === 'string' ? d : JSON.stringify(d))
        .join(', ') + '.'
      : 'The host matches the spec now.';
    this.showDrift();
  }

  async reconcile() {
    $('action-result').textContent = '';
    $('action-problem').textContent = '';
    try {
      const instance = await post('/api/v1/instances/' + encoded(this.name) + '/reconcile');
      const at = instance.reconcileRequestedAt ? ' at ' + shortTime(instance.reconcileRequestedAt) : '';
      $('action-result').textContent = 'Reconcile requested' + at + '; the loop runs a pass for it now.';
    } catch (error) {
      $('action-problem').textContent = describe(error);
    }
  }
}
