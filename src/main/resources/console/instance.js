// One instance: status, URLs, conditions, drift, the next plan, recent events and the spec; the
// undelete of a soft-deleted instance and the approval of removals its tier's policy holds.

import { api, describe, name as encoded, post } from './api.js';
import { busy, clear, confirmStep, el, fromNow, phaseBadge, shortTime, when } from './dom.js';

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
    $('undelete').addEventListener('click', () => this.undelete());
    $('approve').addEventListener('click', () => this.approve());
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
    $('deletion').hidden = true;
    $('approval').hidden = true;
    this.plan = null;
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
    // A read token sees what waits, not the buttons that would act on it.
    $('undelete').hidden = !access.write;
    $('approve').hidden = !access.write;
    $('deletion-read-only').hidden = access.write;
    $('approval-read-only').hidden = access.write;
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
    this.showDeletion(instance);
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
      ['Purge', instance.purgeAt ? when(instance.purgeAt) : 'none scheduled'],
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
      $('approval').hidden = true;
      return;
    }
    const p = plan.value;
    $('plan-summary').textContent = p.converged
      ? 'Converged: the next pass on ' + (p.host || 'its host') + ' changes nothing.'
      : p.actions.length + ' actions on ' + (p.host || 'a host to be chosen') + ' for generation ' + p.generation + ':';
    actions.append(...p.actions.map((a) => el('li', { 'data-held': a.held || null }, el('code', { text: a.command }),
      a.destructive ? el('strong', { class: 'problem', text: ' (destructive)' }) : null,
      a.held ? el('strong', { class: 'held', text: ' held: awaiting approval' }) : null)));
    conflicts.append(...(p.conflicts || []).map((c) => el('li', { class: 'problem',
      text: 'Conflict: ' + (typeof c === 'string' ? c : JSON.stringify(c)) })));
    drift.dataset.planDrift = p.drift && p.drift.length
      ? 'Drift now, repaired by the next pass: ' + p.drift.map((d) => typeof d === 'string' ? d : JSON.stringify(d))
        .join(', ') + '.'
      : 'The host matches the spec now.';
    this.showDrift();
    this.showApproval(p);
  }

  /** A soft-deleted instance: when it goes for good, and the way back while it still can. */
  showDeletion(instance) {
    const section = $('deletion');
    section.hidden = !instance.deletionRequestedAt;
    if (section.hidden) {
      return;
    }
    const started = instance.purgeStartedAt;
    $('deletion-title').textContent = started ? 'Being purged' : 'Deleted, waiting for the purge';
    $('deletion-text').replaceChildren(...(started
      ? ['The purge began at ', when(started), '; it can no longer be undeleted.']
      : ['Deleted at ', when(instance.deletionRequestedAt), '. It will be purged at ', when(instance.purgeAt),
        ' (' + fromNow(instance.purgeAt) + '): a final backup, then its apps and services are destroyed.'
          + ' Until then an undelete brings it back with its data.']));
    $('undelete').hidden = Boolean(started) || !this.access().write;
  }

  /** Removals the tier's policy holds until a person approves exactly this plan (its hash). */
  showApproval(plan) {
    const approval = plan.approval;
    const held = plan.actions.filter((a) => a.held);
    this.plan = plan;
    $('approval').hidden = !approval || !approval.required || (approval.approved ? false : !held.length);
    if ($('approval').hidden) {
      return;
    }
    $('approval-title').textContent = approval.approved ? 'Removals approved' : 'Removals held for an approval';
    $('approval-text').textContent = approval.approved
      ? 'This plan is approved; its removals run in the next pass.'
      : 'The tier\'s policy holds ' + (held.length === 1 ? 'this removal' : 'these ' + held.length + ' removals')
        + ' until a person approves this plan; everything else in it runs meanwhile.';
    clear($('approval-held')).append(...held.map((a) => el('li', {}, el('code', { text: a.command }))));
    $('approval-hash').textContent = approval.planHash;
    $('approve').hidden = approval.approved || !this.access().write;
  }

  async undelete() {
    const instance = this.name;
    const sure = await confirmStep('Undelete ' + instance + '?', 'Its apps start again with their data, the same'
      + ' uid and secrets, and the purge is called off.', [], 'Undelete ' + instance);
    if (!sure || instance !== this.name) {
      return;
    }
    this.clearAnswers();
    await busy($('undelete'), 'Undeleting…', async () => {
      try {
        this.render(await post('/api/v1/instances/' + encoded(instance) + '/undelete'));
        $('action-result').textContent = instance + ' is undeleted; its apps start again.';
      } catch (error) {
        $('action-problem').textContent = 'Undelete refused: ' + describe(error);
        await this.readAgain(instance); // a purge that began meanwhile shows, and the button goes
      }
    });
    this.refreshDetails();
  }

  async approve() {
    const instance = this.name;
    const plan = this.plan;
    const hash = plan.approval.planHash;
    const held = plan.actions.filter((a) => a.held).map((a) => a.command);
    const sure = await confirmStep('Approve these removals?', 'Approving plan ' + hash + ' of ' + instance
      + ' lets the next pass run these destructive steps:', held, 'Approve plan ' + hash.slice(0, 8));
    if (!sure || instance !== this.name) {
      return;
    }
    this.clearAnswers();
    await busy($('approve'), 'Approving…', async () => {
      try {
        const approved = await post('/api/v1/instances/' + encoded(instance) + '/approve', { planHash: hash });
        $('action-result').textContent = 'Plan ' + hash + ' approved by ' + approved.approvedBy + ' until '
          + shortTime(approved.expiresAt) + '; the loop runs it now.';
      } catch (error) {
        $('action-problem').textContent = 'Approval refused: ' + describe(error)
          + (error.status === 409 ? ' The plan below is read again.' : '');
      }
    });
    await this.refreshDetails();
  }

  async readAgain(instance) {
    try {
      const now = await api('/api/v1/instances/' + encoded(instance));
      if (instance === this.name) {
        this.render(now);
      }
    } catch (error) {
      $('instance-gone').textContent = describe(error);
    }
  }

  clearAnswers() {
    $('action-result').textContent = '';
    $('action-problem').textContent = '';
  }

  async reconcile() {
    this.clearAnswers();
    try {
      const instance = await post('/api/v1/instances/' + encoded(this.name) + '/reconcile');
      const at = instance.reconcileRequestedAt ? ' at ' + shortTime(instance.reconcileRequestedAt) : '';
      $('action-result').textContent = 'Reconcile requested' + at + '; the loop runs a pass for it now.';
    } catch (error) {
      $('action-problem').textContent = describe(error);
    }
  }
}
