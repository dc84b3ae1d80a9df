// The web console's entry point: the token, the routes (#/, #/?FILTERS and #/instances/NAME), the
// connection indicator and the announcements of live changes.

import { describe, forgetToken, keepToken, takeTokenFromAddress, token, writeAccess } from './api.js';
import { announce } from './dom.js';
import { FleetView } from './fleet.js';
import { InstancePage } from './instance.js';
import { InstanceFeed } from './live.js';

const $ = (id) => document.getElementById(id);

let access = { write: false, detail: '' };
const accessNow = () => access;

function setConnection(state, detail) {
  $('connection').dataset.state = state;
  $('connection-text').textContent = state;
  $('connection').title = detail || '';
}

function changed(type, object, previous) {
  fleet.changed(type, object);
  page.changed(type, object);
  if (!feed.loaded) {
    return;
  }
  const phase = object.status && object.status.phase;
  if (type === 'ADDED') {
    announce(object.name + ' added, ' + phase);
  } else if (type === 'DELETED') {
    announce(object.name + ' removed');
  } else if (previous && previous.status && previous.status.phase !== phase) {
    announce(object.name + ' is now ' + phase);
  }
}

function showLogin(message) {
  feed.stop();
  fleet.hide();
  page.hide();
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
  $('forget-token').hidden = true;
  $('scope-text').textContent = '';
  setConnection('disconnected', 'no token');
  document.title = 'Sign in · mindroom operator';
  $('token-input').focus();
}

function route(moveFocus) {
  const hash = window.location.hash;
  if (hash && !hash.startsWith('#/')) {
    return;
  }
  const match = /^#\/instances\/([^/?#]+)$/.exec(hash);
  const query = match ? '' : hash.replace(/^#\/?/, '').replace(/^\?/, '');
  if (!match && fleet.shown) {
    fleet.fromAddress(query); // back or forward between filters: the list changes, focus stays
    return;
  }
  fleet.hide();
  page.hide();
  if (match) {
    $('back-to-fleet').href = fleet.address();
    page.show(decodeURIComponent(match[1]));
  } else {
    fleet.show(query);
    document.title = 'Fleet · mindroom operator';
  }
  if (moveFocus) {
    $(match ? 'instance-title' : 'fleet-title').focus();
  }
}

async function start() {
  $('forget-token').hidden = false;
  try {
    access = await writeAccess();
  } catch (error) {
    forgetToken();
    showLogin(describe(error));
    return;
  }
  $('scope-text').textContent = access.write ? 'Write access' : 'Read only (actions are off): ' + access.detail;
  route(false);
  feed.start();
}

takeTokenFromAddress();
const feed = new InstanceFeed(changed, setConnection, (error) => {
  forgetToken();
  showLogin(describe(error));
});
const fleet = new FleetView(feed, accessNow);
const page = new InstancePage(feed, accessNow);

window.addEventListener('hashchange', () => {
  if (/(^#|&)token=/.test(window.location.hash)) {
    takeTokenFromAddress();
    window.location.reload();
    return;
  }
  if (token()) {
    route(true);
  }
});
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = $('token-input').value.trim();
  if (value) {
    keepToken(value);
    $('token-input').value = '';
    window.location.reload();
  }
});
$('forget-token').addEventListener('click', () => {
  forgetToken();
  window.location.reload();
});

if (token()) {
  start();
} else {
  showLogin('');
}
