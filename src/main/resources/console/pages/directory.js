// The tenant's users and groups as its identity provider made them: read-only, with the SCIM JSON of each.
import {h, show, table, json} from '../dom.js';
import {get, seg} from '../api.js';

export async function directoryPage(tenant) {
  const base = '/tenants/' + seg(tenant) + '/directory';
  const users = await list(base + '/users', 'Users', user => [user.userName, user.displayName
    || (user.name && user.name.formatted) || '', user.active === false ? 'inactive' : 'active']);
  const groups = await list(base + '/groups', 'Groups', group => [group.displayName, group.externalId || '',
    group.meta && group.meta.created ? new Date(group.meta.created).toLocaleString() : '']);
  show('Users and groups', users, groups);
}

/** A list that loads pages of 100 and narrows what it loaded as you type. */
async function list(path, title, columns) {
  const items = [];
  let cursor = null;
  const id = title.toLowerCase();
  const query = h('input', {type: 'search', id: id + '-search', oninput: () => render()});
  const holder = h('div');
  const more = h('button', {type: 'button', onclick: async () => {
    await load();
    render();
  }}, 'Load more');

  async function load() {
    const params = new URLSearchParams({limit: '100'});
    if (cursor) params.set('cursor', cursor);
    const page = await get(path + '?' + params);
    items.push(...page.data);
    cursor = page.nextCursor || null;
  }

  function render() {
    const needle = query.value.trim().toLowerCase();
    const shown = items.filter(item => !needle || columns(item).some(v => String(v).toLowerCase().includes(needle)));
    holder.replaceChildren(table(title + ': ' + shown.length + ' of ' + items.length + ' loaded',
      [title === 'Users' ? 'userName' : 'displayName', title === 'Users' ? 'Name' : 'externalId',
        title === 'Users' ? 'Status' : 'Created', 'SCIM JSON'],
      shown.map(item => {
        const [first, second, third] = columns(item);
        return h('tr', {'data-id': item.id},
          h('td', {}, first), h('td', {}, second), h('td', {}, third),
          h('td', {}, h('details', {}, h('summary', {}, 'Show'), json(item))));
      })));
    more.hidden = !cursor;
  }

  await load();
  render();
  return h('section', {'aria-labelledby': id + '-title'}, h('h2', {id: id + '-title'}, title),
    h('div', {class: 'row'}, h('div', {}, h('label', {for: id + '-search'}, 'Search ' + id), query)),
    holder, more);
}
