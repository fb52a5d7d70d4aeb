// What the identity provider sent and what scimhub answered: connection health, the request log, one request.
import {h, show, notice, when, table, facts, json} from '../dom.js';
import {get, seg} from '../api.js';

export async function activityPage(tenant, args) {
  const base = '/tenants/' + seg(tenant);
  if (args[0]) {
    const one = await get(base + '/requests/' + seg(args[0]));
    show('Request ' + one.method + ' ' + one.path,
      h('p', {}, h('a', {href: '#/t/' + seg(tenant) + '/activity'}, 'Back to the activity')),
      facts([['Time', when(one.at)], ['Status', String(one.status) + (one.scimType ? ' ' + one.scimType : '')],
        ['Outcome', one.outcome || '—'], ['Identity provider', one.identityProvider || '—'],
        ['Connection', one.connection ? one.connection.label || one.connection.tokenId || '—' : '—'],
        ['Why refused', one.authFailure || '—'], ['Request id', one.requestId || '—']]),
      h('h2', {}, 'The whole record (secrets redacted)'), json(one));
    return;
  }
  const health = await get(base + '/health');
  const filters = {status: h('select', {id: 'f-status'}, ['', '2xx', '4xx', '5xx', '401', '409'].map(v =>
    h('option', {value: v}, v || 'any'))),
    method: h('select', {id: 'f-method'}, ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map(v =>
      h('option', {value: v}, v || 'any'))),
    userName: h('input', {type: 'search', id: 'f-user'})};
  const results = h('div', {'aria-live': 'polite'});
  let cursor = null;

  async function search(more) {
    const params = new URLSearchParams({limit: '50'});
    for (const [key, input] of Object.entries(filters)) if (input.value) params.set(key, input.value);
    if (more && cursor) params.set('cursor', cursor);
    try {
      const page = await get(base + '/requests?' + params);
      cursor = page.nextCursor;
      const rows = page.data.map(r => h('tr', {'data-status': r.status},
        h('td', {}, h('a', {href: '#/t/' + seg(tenant) + '/activity/' + seg(r.id)}, when(r.at))),
        h('td', {}, r.method + ' ' + r.path),
        h('td', {class: 'status ' + (r.status < 400 ? 'ok' : 'error')}, String(r.status)),
        h('td', {}, r.authFailure || r.detail || r.outcome || ''),
        h('td', {}, r.userName || r.displayName || ''),
        h('td', {}, r.identityProvider || '')));
      const shown = table('Requests, newest first', ['Time', 'Request', 'Status', 'What happened', 'User or group',
        'Identity provider'], rows);
      if (more) {
        results.querySelector('tbody').append(...rows);
      } else {
        results.replaceChildren(shown);
      }
      results.querySelector('.more')?.remove();
      if (page.hasMore) {
        results.append(h('p', {class: 'more'}, h('button', {type: 'button', onclick: () => search(true)}, 'Older')));
      }
    } catch (e) {
      results.replaceChildren(notice('error', e.message));
    }
  }

  const form = h('form', {class: 'row', role: 'search', onsubmit: event => {
    event.preventDefault();
    search(false);
  }},
  h('div', {}, h('label', {for: 'f-status'}, 'Status'), filters.status),
  h('div', {}, h('label', {for: 'f-method'}, 'Method'), filters.method),
  h('div', {}, h('label', {for: 'f-user'}, 'userName'), filters.userName),
  h('button', {type: 'submit', class: 'primary'}, 'Search'));

  show('Activity', healthCard(health), h('h2', {}, 'Request log'), form, results);
  await search(false);
}

function healthCard(health) {
  const connections = health.connections || [];
  return h('section', {class: 'card', 'aria-labelledby': 'health-title'},
    h('h2', {id: 'health-title'}, 'Connection health'),
    (health.hints || []).length
      ? h('ul', {}, health.hints.map(hint => h('li', {}, typeof hint === 'string' ? hint : hint.hint || JSON.stringify(hint))))
      : h('p', {class: 'muted'}, 'No problems seen.'),
    table('Per connection', ['Connection', 'Identity provider', 'Last request', 'Last success', 'Last error',
      'Last hour', 'Last day'],
    connections.map(c => h('tr', {},
      h('td', {}, c.label || c.tokenId || c.authFailure || 'no valid token'),
      h('td', {}, c.identityProvider || '—'),
      h('td', {}, when(c.lastSeen)),
      h('td', {}, when(c.lastSuccess)),
      h('td', {}, c.lastError ? (c.lastError.status + ' ' + (c.lastError.detail || '') + ', '
        + when(c.lastError.at)) : '—'),
      h('td', {}, counts(c.lastHour)),
      h('td', {}, counts(c.lastDay))))));
}

function counts(value) {
  if (!value || typeof value !== 'object') return '—';
  const parts = Object.entries(value).filter(([, n]) => n).map(([k, n]) => k + ': ' + n);
  return parts.length ? parts.join(', ') : '0';
}
