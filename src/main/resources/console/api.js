// The public JSON API, called with the bearer token this tab keeps in its session storage.

const KEY = 'mindroom.console.token';
const PAGE = 500;

/** Moves a token given as /console#token=... into session storage and out of the address bar. */
export function takeTokenFromAddress() {
  const fragment = window.location.hash.replace(/^#/, '');
  if (!/(^|&)token=/.test(fragment)) {
    return;
  }
  const given = new URLSearchParams(fragment).get('token');
  if (given) {
    sessionStorage.setItem(KEY, given.trim());
  }
  history.replaceState(null, '', window.location.pathname + '#/');
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function keepToken(value) {
  sessionStorage.setItem(KEY, value.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

function headers(extra) {
  return Object.assign({ Accept: 'application/json', Authorization: 'Bearer ' + token() }, extra || {});
}

/** An Error carrying the HTTP status and the problem+json document the API answered with. */
export async function problemOf(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch (e) {
    problem = null; // not a problem document
  }
  const detail = problem && (problem.detail || problem.title);
  const error = new Error(detail || response.status + ' ' + response.statusText);
  error.status = response.status;
  error.problem = problem;
  return error;
}

/** What a person reads about a failed call: the problem's title, detail and failing fields. */
export function describe(error) {
  const problem = error.problem;
  if (!problem) {
    return error.status ? error.message : 'the operator cannot be reached (' + error.message + ')';
  }
  let text = (problem.title ? problem.title + ': ' : '') + (problem.detail || '');
  if (Array.isArray(problem.errors) && problem.errors.length) {
    text += ' (' + problem.errors.map((e) => e.field + ': ' + e.message).join('; ') + ')';
  }
  return text + (problem.status ? ' [' + problem.status + ']' : '');
}

export function request(path, options) {
  const init = Object.assign({ cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' }, options || {});
  init.headers = headers(options && options.headers);
  return fetch(path, init);
}

export async function api(path, options) {
  const response = await request(path, options);
  if (!response.ok) {
    throw await problemOf(response);
  }
  return response.json();
}

export function post(path, body) {
  return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) });
}

export function name(value) {
  return encodeURIComponent(value);
}

/** Every instance, page after page; resourceVersion is where a watch starts (null: the server has no watch). */
export async function listInstances() {
  const items = [];
  let cursor = null;
  let resourceVersion = null;
  do {
    const page = await api('/api/v1/instances?limit=' + PAGE + (cursor ? '&cursor=' + name(cursor) : ''));
    if (resourceVersion === null && page.resourceVersion !== undefined && page.resourceVersion !== null) {
      resourceVersion = String(page.resourceVersion);
    }
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, resourceVersion };
}

/**
 * Whether this token may write, asked without writing: a dry-run PUT is checked for the write scope
 * before anything else and stores nothing. Answers {write, detail}; detail is the 403's text.
 */
export async function writeAccess() {
  const response = await request('/api/v1/instances/console-write-check?dryRun=true', {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"tier":"free","account":"console"}',
  });
  if (response.status === 401) {
    throw await problemOf(response);
  }
  if (response.status === 403) {
    return { write: false, detail: describe(await problemOf(response)) };
  }
  return { write: true, detail: '' };
}
