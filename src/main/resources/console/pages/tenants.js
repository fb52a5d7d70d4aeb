// The platform admin's pages: every tenant, onboarding one, and one tenant's status, links, audit and offboarding.
import {h, show, notice, when, copyable, table, facts} from '../dom.js';
import {get, post, patch, del, seg} from '../api.js';

export async function tenantsPage() {
  const data = await get('/admin/tenants?count=500');
  const query = h('input', {type: 'search', id: 'tenant-search', oninput: () => render()});
  const holder = h('div');
  function render() {
    const needle = query.value.trim().toLowerCase();
    const shown = data.tenants.filter(t => !needle || t.id.includes(needle) || t.name.toLowerCase().includes(needle));
    holder.replaceChildren(table(shown.length + ' of ' + data.totalResults + ' tenants',
      ['Tenant', 'Name', 'Status', 'Users', 'Groups', 'Last activity'],
      shown.map(t => h('tr', {'data-tenant': t.id},
        h('td', {}, h('a', {href: '#/tenants/' + seg(t.id)}, t.id)), h('td', {}, t.name),
        h('td', {class: 'status ' + t.status}, t.status), h('td', {}, t.users ?? '—'), h('td', {}, t.groups ?? '—'),
        h('td', {}, when(t.lastActivityAt))))));
  }
  render();

  const result = h('div', {'aria-live': 'polite'});
  const id = h('input', {type: 'text', id: 'new-id', required: true, pattern: '[a-z0-9][a-z0-9-]{0,61}[a-z0-9]',
    'aria-describedby': 'new-id-help'});
  const name = h('input', {type: 'text', id: 'new-name', required: true});
  const form = h('form', {onsubmit: async event => {
    event.preventDefault();
    try {
      const tenant = await post('/admin/tenants', {id: id.value.trim(), name: name.value.trim()});
      result.replaceChildren(h('section', {class: 'card secret', 'data-token-once': ''},
        h('h3', {}, 'Onboarded ' + tenant.id),
        facts([['SCIM base URL', copyable(tenant.scimBaseUrl, 'base URL')],
          ['First token', copyable(tenant.token.value, 'token value')]]),
        h('p', {}, h('strong', {}, 'The token is shown only this once.'), ' Send the customer a portal link'
          + ' instead of the token where you can: ', h('a', {href: '#/tenants/' + seg(tenant.id)},
          'open ' + tenant.id))));
      id.value = '';
      name.value = '';
    } catch (e) {
      result.replaceChildren(notice('error', e.message));
    }
  }},
  h('div', {class: 'row'},
    h('div', {}, h('label', {for: 'new-id'}, 'Tenant id'), id,
      h('div', {id: 'new-id-help', class: 'muted'}, 'Lowercase letters, digits and -; it becomes part of the URL.')),
    h('div', {}, h('label', {for: 'new-name'}, 'Name'), name),
    h('button', {type: 'submit', class: 'primary'}, 'Onboard tenant')));

  show('Tenants',
    h('section', {class: 'card', 'aria-labelledby': 'onboard'}, h('h2', {id: 'onboard'}, 'Onboard a tenant'), form,
      result),
    h('div', {class: 'row'}, h('div', {}, h('label', {for: 'tenant-search'}, 'Search tenants'), query)),
    holder);
}

export async function tenantPage(id) {
  const base = '/admin/tenants/' + seg(id);
  const [tenant, health, links, audit] = await Promise.all([get(base), get(base + '/health'),
    get(base + '/portal-links'), get(base + '/audit?count=50')]);
  const result = h('div', {'aria-live': 'polite'});
  const reload = () => tenantPage(id).catch(e => result.replaceChildren(notice('error', e.message)));
  const act = fn => async () => {
    try {
      await fn();
    } catch (e) {
      result.replaceChildren(notice('error', e.message));
    }
  };

  const suspended = tenant.status === 'suspended';
  const status = h('button', {type: 'button', class: suspended ? 'primary' : 'danger', onclick: act(async () => {
    await patch(base, {status: suspended ? 'active' : 'suspended'});
    await reload();
  })}, suspended ? 'Resume tenant' : 'Suspend tenant');

  const intent = h('select', {id: 'link-intent'}, [['setup', 'Identity-provider setup'], ['tokens', 'Tokens'],
    ['activity', 'Activity'], ['settings', 'Settings']].map(([v, t]) => h('option', {value: v}, t)));
  const hours = h('input', {type: 'number', id: 'link-hours', min: '1', max: '720', value: '72'});
  const made = h('div', {'aria-live': 'polite'});
  const linkForm = h('form', {class: 'row', onsubmit: async event => {
    event.preventDefault();
    try {
      const link = await post(base + '/portal-links', {intent: intent.value, ttlSeconds: Number(hours.value) * 3600});
      made.replaceChildren(h('div', {class: 'card secret', 'data-link-once': ''},
        h('p', {}, h('strong', {}, 'Send this link to the tenant\'s IT admin. It is shown only now and works once,'
          + ' until ' + when(link.expiresAt) + '.')), copyable(link.url, 'portal link')));
      linksTable.replaceChildren(linkRows((await get(base + '/portal-links')).links));
    } catch (e) {
      made.replaceChildren(notice('error', e.message));
    }
  }},
  h('div', {}, h('label', {for: 'link-intent'}, 'Opens'), intent),
  h('div', {}, h('label', {for: 'link-hours'}, 'Valid for (hours)'), hours),
  h('button', {type: 'submit', class: 'primary'}, 'Create portal link'));
  const linksTable = h('div');
  function linkRows(list) {
    return table('Portal links', ['Created', 'Opens', 'Status', 'Expires', 'Action'], list.map(link => h('tr', {},
      h('td', {}, when(link.createdAt) + ' by ' + link.createdBy), h('td', {}, link.intent),
      h('td', {class: 'status ' + link.status}, link.status), h('td', {}, when(link.expiresAt)),
      h('td', {}, link.status === 'active' ? h('button', {type: 'button', class: 'danger', onclick: async () => {
        try {
          await del(base + '/portal-links/' + seg(link.id));
          linksTable.replaceChildren(linkRows((await get(base + '/portal-links')).links));
        } catch (e) {
          made.replaceChildren(notice('error', e.message));
        }
      }}, 'Revoke link') : ''))));
  }
  linksTable.replaceChildren(linkRows(links.links));

  const confirm = h('input', {type: 'text', id: 'offboard-confirm', autocomplete: 'off'});
  const offboard = h('form', {onsubmit: async event => {
    event.preventDefault();
    if (confirm.value !== id) {
      result.replaceChildren(notice('error', 'Type the tenant id, ' + id + ', to confirm.'));
      confirm.focus();
      return;
    }
    try {
      await del(base + '?confirm=' + seg(confirm.value));
      window.location.hash = '#/tenants';
    } catch (e) {
      result.replaceChildren(notice('error', e.message));
    }
  }},
  h('label', {for: 'offboard-confirm'}, 'Type ' + id + ' to delete every user, group, token and log of it'),
  h('div', {class: 'row'}, confirm, h('button', {type: 'submit', class: 'danger primary'}, 'Offboard tenant')));

  show('Tenant ' + id, result,
    h('section', {class: 'card', 'aria-labelledby': 'about'}, h('h2', {id: 'about'}, tenant.name),
      facts([['Status', h('span', {class: 'status ' + tenant.status, 'data-status': tenant.status}, tenant.status)],
        ['SCIM 2.0 base URL', copyable(tenant.scimBaseUrl, 'base URL')], ['Users', String(tenant.users ?? '—')],
        ['Groups', String(tenant.groups ?? '—')], ['Created', when(tenant.createdAt)],
        ['Last activity', when(tenant.lastActivityAt)],
        ['Health', (health.hints || []).length ? health.hints.map(x => typeof x === 'string' ? x : JSON.stringify(x))
          .join('; ') : 'no problems seen']]),
      h('p', {class: 'row'}, status,
        h('a', {href: '#/t/' + seg(id) + '/tokens'}, 'Tokens'), h('a', {href: '#/t/' + seg(id) + '/activity'},
          'Activity'), h('a', {href: '#/t/' + seg(id) + '/directory'}, 'Users and groups'))),
    h('section', {class: 'card', 'aria-labelledby': 'links'}, h('h2', {id: 'links'}, 'Portal links'),
      h('p', {}, 'A portal link lets the tenant\'s IT admin set up their identity provider and manage their tokens'
        + ' without an account here.'), linkForm, made, linksTable),
    h('section', {'aria-labelledby': 'audit'}, h('h2', {id: 'audit'}, 'Audit trail'),
      table('Newest first', ['Time', 'Who', 'What', 'Detail'], audit.events.map(e => h('tr', {},
        h('td', {}, when(e.at)), h('td', {}, e.actor), h('td', {}, e.action),
        h('td', {}, h('code', {}, JSON.stringify(e.detail))))))),
    h('section', {class: 'card', 'aria-labelledby': 'offboard'}, h('h2', {id: 'offboard'}, 'Offboard'), offboard));
}
