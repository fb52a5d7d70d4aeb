// A tenant's tokens as named connections: the value is shown once, when made; afterwards only its first characters.
import {h, show, notice, when, copyable, table} from '../dom.js';
import {get, post, del, seg} from '../api.js';

const GRACES = [[0, 'stops working now'], [3600, 'keeps working for 1 hour'], [4 * 3600, 'keeps working for 4 hours'],
  [86400, 'keeps working for 24 hours']];

export async function tokensPage(tenant) {
  const base = '/tenants/' + seg(tenant) + '/tokens';
  const shown = h('div', {'aria-live': 'polite'});
  const list = h('div');

  function once(token, what) {
    shown.replaceChildren(h('section', {class: 'card secret', 'aria-labelledby': 'once-title', 'data-token-once': ''},
      h('h2', {id: 'once-title'}, what + ': ' + token.label),
      h('p', {}, h('strong', {}, 'Copy this token now. It is shown only this once'), ': scimhub keeps only a hash'
        + ' of it, so nobody can show it again. If it is lost, reset the token to get a new value.'),
      copyable(token.value, 'token value'),
      token.previousValueExpiresAt
        ? h('p', {}, 'The previous value keeps working until ' + when(token.previousValueExpiresAt)
          + ', so you can update your identity provider without a gap.') : null,
      h('p', {}, h('button', {type: 'button', onclick: () => shown.replaceChildren()}, 'I have copied it'))));
    shown.querySelector('button').focus();
  }

  async function refresh() {
    const data = await get(base);
    list.replaceChildren(table('Connections of ' + tenant, ['Name', 'Token', 'Created', 'Last used', 'Actions'],
      data.tokens.map(token => row(token))));
  }

  function row(token) {
    const actions = h('td', {});
    const grace = h('select', {'aria-label': 'When the old value of ' + token.label + ' stops'},
      GRACES.map(([seconds, text]) => h('option', {value: seconds}, 'Old value ' + text)));
    const reset = h('button', {type: 'button', onclick: async () => {
      try {
        const fresh = await post(base + '/' + seg(token.id) + '/reset', {graceSeconds: Number(grace.value)});
        await refresh();
        once(fresh, 'New value');
      } catch (e) {
        shown.replaceChildren(notice('error', e.message));
      }
    }}, 'Reset');
    const revoke = h('button', {type: 'button', class: 'danger', onclick: () => confirm()}, 'Revoke');
    function confirm() {
      const yes = h('button', {type: 'button', class: 'danger primary', onclick: async () => {
        try {
          await del(base + '/' + seg(token.id));
          shown.replaceChildren(notice('ok', 'Revoked ' + token.label + ': requests with it are refused from now on.'));
          await refresh();
        } catch (e) {
          shown.replaceChildren(notice('error', e.message));
        }
      }}, 'Yes, revoke ' + token.label);
      const no = h('button', {type: 'button', onclick: () => {
        actions.replaceChildren(...normal());
        revoke.focus();
      }}, 'Cancel');
      actions.replaceChildren(h('p', {role: 'alert'}, 'Revoke ' + token.label + '? Its identity provider will get'
        + ' 401 at once.'), yes, ' ', no);
      yes.focus();
    }
    const normal = () => [h('div', {class: 'row'}, grace, reset, revoke)];
    actions.replaceChildren(...normal());
    return h('tr', {'data-token': token.id},
      h('td', {}, token.label),
      h('td', {}, h('code', {}, token.prefix + '…'),
        token.previousValueExpiresAt ? h('div', {class: 'muted'}, 'previous value until '
          + when(token.previousValueExpiresAt)) : null),
      h('td', {}, when(token.createdAt)),
      h('td', {}, when(token.lastUsedAt)),
      actions);
  }

  const label = h('input', {type: 'text', id: 'token-label', maxlength: '100', required: true,
    placeholder: 'okta-prod'});
  const form = h('form', {class: 'row', onsubmit: async event => {
    event.preventDefault();
    try {
      const token = await post(base, {label: label.value.trim() || 'connection'});
      label.value = '';
      await refresh();
      once(token, 'New token');
    } catch (e) {
      shown.replaceChildren(notice('error', e.message));
    }
  }}, h('div', {}, h('label', {for: 'token-label'}, 'Name of the connection'), label),
  h('button', {type: 'submit', class: 'primary'}, 'Create token'));

  await refresh();
  show('Tokens',
    h('p', {}, 'Each identity provider connection has its own token. Reset one to rotate it: choose how long the'
      + ' old value keeps working, so the connection never breaks while you paste the new one.'),
    h('section', {class: 'card', 'aria-labelledby': 'new-token'}, h('h2', {id: 'new-token'}, 'New token'), form),
    shown, h('h2', {}, 'Connections'), list);
}
