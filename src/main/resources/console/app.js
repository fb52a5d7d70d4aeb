// The console's shell: who is signed in, the navigation, and which page a location shows.
import {h, show, notice} from './dom.js';
import {get, post, useCsrf, ApiError} from './api.js';
import {setupPage} from './pages/setup.js';
import {tokensPage} from './pages/tokens.js';
import {activityPage} from './pages/activity.js';
import {directoryPage} from './pages/directory.js';
import {settingsPage} from './pages/settings.js';
import {tenantsPage, tenantPage} from './pages/tenants.js';
import {webhooksPage} from './pages/webhooks.js';

const TENANT_PAGES = {
  setup: ['Set up your identity provider', setupPage],
  tokens: ['Tokens', tokensPage],
  activity: ['Activity', activityPage],
  directory: ['Users and groups', directoryPage],
  settings: ['Settings', settingsPage],
};
const TENANT_NAV = [['setup', 'Setup'], ['tokens', 'Tokens'], ['activity', 'Activity'],
  ['directory', 'Users and groups'], ['settings', 'Settings']];

let session = null;

async function start() {
  try {
    session = await get('/console/session');
  } catch (e) {
    signedOut(e);
    return;
  }
  useCsrf(session.csrfToken);
  who();
  window.addEventListener('hashchange', route);
  route();
}

function signedOut(e) {
  document.getElementById('nav').replaceChildren();
  show('Sign in to the scimhub console',
    e instanceof ApiError && e.status === 401 ? null : notice('error', String(e.message || e)),
    h('p', {}, 'Open the one-time link you were sent. A link works once; ask its sender for a new one if it has'
      + ' expired.'),
    h('p', {class: 'muted'}, 'Platform staff: run ', h('code', {}, 'java -jar scimhub.jar console-link'),
      ' on a server, or ask the admin API for one (POST /admin/console-links).'));
}

function who() {
  const label = session.role === 'platform-admin' ? 'Platform admin (' + session.subject + ')'
    : 'Tenant ' + session.tenant;
  const out = h('button', {type: 'button', onclick: async () => {
    await post('/console/logout');
    session = null;
    window.location.hash = '';
    signedOut(new ApiError(401, 'signed out'));
    document.getElementById('who').replaceChildren(h('span', {}, 'Signed out'));
  }}, 'Sign out');
  const back = session.returnUrl ? [h('a', {href: session.returnUrl}, 'Back to the app')] : [];
  document.getElementById('who').replaceChildren(h('span', {}, label), ...back, out);
}

function nav(current, tenant) {
  const links = [];
  if (session.role === 'platform-admin') {
    links.push(['#/tenants', 'Tenants', current === 'tenants'], ['#/webhooks', 'Webhooks', current === 'webhooks']);
  }
  if (tenant) {
    for (const [page, name] of TENANT_NAV) {
      links.push(['#/t/' + encodeURIComponent(tenant) + '/' + page,
        session.role === 'platform-admin' ? tenant + ': ' + name : name, current === page]);
    }
  }
  document.getElementById('nav').replaceChildren(...links.map(([href, name, here]) =>
    h('a', {href, 'aria-current': here ? 'page' : null}, name)));
}

function route() {
  const parts = window.location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const ownTenant = session.role === 'tenant-admin' ? session.tenant : null;
  if (parts[0] === 't' && parts[1]) {
    const tenant = parts[1];
    const entry = TENANT_PAGES[parts[2]] || TENANT_PAGES.setup;
    nav(parts[2] in TENANT_PAGES ? parts[2] : 'setup', tenant);
    run(entry[0], () => entry[1](tenant, parts.slice(3)));
    return;
  }
  if (session.role === 'platform-admin') {
    if (parts[0] === 'tenants' && parts[1]) {
      nav('tenants', parts[1]);
      run('Tenant ' + parts[1], () => tenantPage(parts[1]));
    } else if (parts[0] === 'webhooks') {
      nav('webhooks', null);
      run('Webhooks', () => webhooksPage());
    } else {
      nav('tenants', null);
      run('Tenants', () => tenantsPage());
    }
    return;
  }
  window.location.hash = '#/t/' + encodeURIComponent(ownTenant) + '/setup';
}

/** Shows a page, or what went wrong loading it: a refusal by the API is shown as the API said it. */
async function run(title, render) {
  try {
    await render();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      signedOut(e);
      return;
    }
    show(title, notice('error', e instanceof ApiError && e.status === 403
      ? 'Not allowed: ' + e.message : String(e.message || e)));
  }
}

start();
