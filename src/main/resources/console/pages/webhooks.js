// Platform-wide webhook endpoints, their deliveries, and replaying what failed.
import {h, show, notice, when, copyable, table, json} from '../dom.js';
import {get, post, seg} from '../api.js';

export async function webhooksPage() {
  const data = await get('/admin/webhooks');
  const result = h('div', {'aria-live': 'polite'});
  const url = h('input', {type: 'text', id: 'hook-url', required: true, placeholder: 'https://app.example.com/hooks'});
  const types = h('input', {type: 'text', id: 'hook-types', placeholder: 'user.*,group.member_added'});
  const form = h('form', {onsubmit: async event => {
    event.preventDefault();
    try {
      const body = {url: url.value.trim()};
      if (types.value.trim()) body.types = types.value.split(',').map(t => t.trim()).filter(Boolean);
      const hook = await post('/admin/webhooks', body);
      result.replaceChildren(h('div', {class: 'card secret'}, h('p', {}, h('strong', {}, 'The signing secret is'
        + ' shown only now:')), copyable(hook.secret, 'signing secret')));
      await webhooksPage().then(() => document.getElementById('main').prepend(result));
    } catch (e) {
      result.replaceChildren(notice('error', e.message));
    }
  }},
  h('div', {class: 'row'},
    h('div', {}, h('label', {for: 'hook-url'}, 'Endpoint URL'), url),
    h('div', {}, h('label', {for: 'hook-types'}, 'Event types (empty: all)'), types),
    h('button', {type: 'submit', class: 'primary'}, 'Add endpoint')));
  const detail = h('div', {'aria-live': 'polite'});

  async function deliveries(hook) {
    const page = await get('/admin/webhooks/' + seg(hook.id) + '/deliveries?limit=50');
    const replay = h('button', {type: 'button', onclick: async () => {
      try {
        const done = await post('/admin/webhooks/' + seg(hook.id) + '/replay', {failedOnly: true});
        detail.prepend(notice('ok', done.queued + ' deliveries queued again.'));
      } catch (e) {
        detail.prepend(notice('error', e.message));
      }
    }}, 'Replay failed deliveries');
    detail.replaceChildren(h('h2', {}, 'Deliveries to ' + hook.url), h('p', {}, replay),
      table('Newest first', ['Event', 'Type', 'Tenant', 'Status', 'Attempts', 'Last attempt', 'Attempts in full'],
        page.deliveries.map(d => h('tr', {}, h('td', {}, h('code', {}, d.eventId)), h('td', {}, d.type),
          h('td', {}, d.tenant), h('td', {class: 'status ' + (d.status === 'delivered' ? 'ok' : 'error')}, d.status),
          h('td', {}, String(d.attempts)), h('td', {}, when(d.lastAttemptAt) + (d.lastStatus ? ' → '
            + d.lastStatus : '') + (d.lastError ? ' ' + d.lastError : '')),
          h('td', {}, h('details', {}, h('summary', {}, 'Show'), json(d.attemptList)))))));
    detail.focus?.();
  }

  show('Webhooks',
    h('p', {}, 'Endpoints here receive the events of every tenant, signed as the Standard Webhooks specification'
      + ' says. A tenant\'s own endpoints are managed with /admin/tenants/{id}/webhooks.'),
    h('section', {class: 'card', 'aria-labelledby': 'new-hook'}, h('h2', {id: 'new-hook'}, 'New endpoint'), form,
      result),
    table('Platform-wide endpoints', ['URL', 'Events', 'Enabled', 'Created', 'Deliveries'],
      data.webhooks.map(hook => h('tr', {}, h('td', {}, hook.url), h('td', {}, (hook.types || ['all']).join(', ')),
        h('td', {}, hook.enabled ? 'yes' : 'no' + (hook.disabledReason ? ' (' + hook.disabledReason + ')' : '')),
        h('td', {}, when(hook.createdAt)),
        h('td', {}, h('button', {type: 'button', onclick: () => deliveries(hook)
          .catch(e => detail.replaceChildren(notice('error', e.message)))}, 'Deliveries'))))),
    detail);
}
