// Small DOM builders. Text from the API is always set as text, never parsed as HTML.

export const PHASES = ['Pending', 'Provisioning', 'Ready', 'Updating', 'Degraded', 'Suspended', 'Terminating',
  'Deleting', 'Restoring', 'Deleted', 'Failed'];

const TONES = {
  Ready: 'ok',
  Pending: 'busy', Provisioning: 'busy', Updating: 'busy', Restoring: 'busy',
  Degraded: 'warn',
  Failed: 'bad',
  Suspended: 'idle', Terminating: 'idle', Deleting: 'idle', Deleted: 'idle',
};

export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** The phase as a word on a coloured badge; the colour repeats the word, it never replaces it. */
export function phaseBadge(phase) {
  return setPhase(el('span', { class: 'phase' }), phase);
}

export function setPhase(badge, phase) {
  const text = phase || 'Unknown';
  if (badge.textContent !== text) {
    badge.textContent = text;
  }
  badge.dataset.tone = TONES[phase] || 'idle';
  return badge;
}

/** 2026-12-04T20:01:03.123Z as "2026-12-04 20:01:03 UTC" in a time element; a dash for none. */
export function when(iso) {
  if (!iso) {
    return document.createTextNode('—');
  }
  return el('time', { datetime: iso, text: shortTime(iso) });
}

export function shortTime(iso) {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export function readyCondition(instance) {
  const conditions = (instance.status && instance.status.conditions) || [];
  return conditions.find((c) => c.type === 'Ready');
}

export function readyText(instance) {
  const ready = readyCondition(instance);
  if (!ready) {
    return '—';
  }
  return ready.status === 'True' ? 'Yes' : (ready.status === 'False' ? 'No' : 'Unknown') + ': ' + ready.reason;
}

let announcements = [];
let announceTimer = null;

/** Tells screen readers what changed, a few changes at a time. */
export function announce(text) {
  announcements.push(text);
  if (announceTimer) {
    return;
  }
  announceTimer = setTimeout(() => {
    const region = document.getElementById('announcer');
    region.textContent = announcements.length > 3
      ? announcements.length + ' instances changed'
      : announcements.join('. ');
    announcements = [];
    announceTimer = null;
  }, 500);
}

/** "in 59 minutes", "in 3 days" or "now": how far away an instant is, for a person. */
export function fromNow(iso) {
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) || units[3];
  const n = Math.round(Math.abs(seconds) / size);
  if (n === 0) {
    return 'now';
  }
  const span = n + ' ' + unit + (n === 1 ? '' : 's');
  return seconds > 0 ? 'in ' + span : span + ' ago';
}

/**
 * Asks before an action in the page's modal dialog (keyboard: focus starts on Cancel, Tab reaches the
 * action, Escape cancels; focus returns to the button that asked). Answers true when confirmed.
 */
export function confirmStep(title, text, items, action) {
  const $ = (id) => document.getElementById(id);
  const dialog = $('confirm');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  clear($('confirm-list')).append(...items.map((item) => el('li', {}, el('code', { text: item }))));
  $('confirm-yes').textContent = action;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    let answer = false;
    const yes = () => {
      answer = true;
      dialog.close();
    };
    const no = () => dialog.close();
    dialog.addEventListener('close', () => {
      $('confirm-yes').removeEventListener('click', yes);
      $('confirm-no').removeEventListener('click', no);
      if (opener && opener.focus) {
        opener.focus();
      }
      resolve(answer);
    }, { once: true });
    $('confirm-yes').addEventListener('click', yes);
    $('confirm-no').addEventListener('click', no);
    dialog.showModal();
    $('confirm-no').focus();
  });
}

/** Marks a button busy while its action runs (it keeps focus; a second press is ignored). */
export async function busy(button, text, work) {
  if (button.getAttribute('aria-disabled') === 'true') {
    return;
  }
  const label = button.textContent;
  button.setAttribute('aria-disabled', 'true');
  button.setAttribute('aria-busy', 'true');
  button.textContent = text;
  try {
    await work();
  } finally {
    button.removeAttribute('aria-disabled');
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}
