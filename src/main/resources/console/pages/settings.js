// The settings a tenant's admin chooses, and what its custom attributes and license groups are.
import {h, show, notice, table, json} from '../dom.js';
import {get, patch, seg} from '../api.js';

const MANAGERS = [['auto', 'automatic (id, then externalId, then userName or e-mail)'], ['id', 'scimhub id only'],
  ['externalId', 'externalId'], ['userNameOrEmail', 'userName or e-mail'], ['off', 'do not resolve']];

export async function settingsPage(tenant) {
  const base = '/tenants/' + seg(tenant);
  const [info, schemas, licenses] = await Promise.all([get(base + '/settings'), get(base + '/schemas'),
    get(base + '/licenses')]);
  const s = info.settings || {};
  const result = h('div', {'aria-live': 'polite'});
  const strict = h('input', {type: 'checkbox', id: 's-strict', checked: s.compatibility === 'strict'});
  const silent = h('input', {type: 'checkbox', id: 's-silent', checked: s.silentProvisioning === true});
  const log = h('input', {type: 'checkbox', id: 's-log', checked: s.requestLog !== false});
  const sample = h('input', {type: 'number', id: 's-sample', min: '0', max: '1000', value: s.requestLogGetSample ?? 1});
  const managers = h('select', {id: 's-managers'}, MANAGERS.map(([value, text]) =>
    h('option', {value, selected: (s.managerResolution || 'auto') === value}, text)));
  const form = h('form', {onsubmit: async event => {
    event.preventDefault();
    try {
      await patch(base + '/settings', {
        compatibility: strict.checked ? 'strict' : 'tolerant',
        silentProvisioning: silent.checked,
        requestLog: log.checked,
        requestLogGetSample: Number(sample.value),
        managerResolution: managers.value,
      });
      result.replaceChildren(notice('ok', 'Saved.'));
    } catch (e) {
      result.replaceChildren(notice('error', e.message));
    }
  }},
  h('p', {}, h('label', {class: 'inline', for: 's-strict'}, strict, 'Strict mode: refuse requests that deviate from'
    + ' the SCIM RFCs instead of tolerating the known identity-provider dialects')),
  h('p', {}, h('label', {class: 'inline', for: 's-silent'}, silent, 'Silent provisioning: tell the app not to send'
    + ' welcome e-mails to users the identity provider creates')),
  h('p', {}, h('label', {class: 'inline', for: 's-log'}, log, 'Keep a request log of this tenant')),
  h('label', {for: 's-sample'}, 'Keep one in this many successful reads in the log (0: none)'), sample,
  h('label', {for: 's-managers'}, 'How a user\'s manager is found'), managers,
  h('p', {}, h('button', {type: 'submit', class: 'primary'}, 'Save settings')), result);

  show('Settings',
    h('section', {class: 'card', 'aria-labelledby': 'provisioning'}, h('h2', {id: 'provisioning'}, 'Provisioning'),
      form),
    h('section', {'aria-labelledby': 'custom'}, h('h2', {id: 'custom'}, 'Custom attributes'),
      (schemas.schemas || []).length
        ? (schemas.schemas || []).map(schema => h('details', {}, h('summary', {}, schema.id || schema.name),
          json(schema)))
        : h('p', {class: 'muted'}, 'None: this tenant uses the standard User and Group attributes. Your identity'
          + ' provider\'s extra attributes are defined with PUT ' + base + '/schemas/{urn}.')),
    h('section', {'aria-labelledby': 'licenses'}, h('h2', {id: 'licenses'}, 'License groups'),
      table('Groups that give a license', ['License', 'Groups'], (licenses.licenses || []).map(item =>
        h('tr', {}, h('td', {}, item.license),
          h('td', {}, (item.groups || []).map(g => g.displayName).join(', ') || '—'))))));
}
