// The identity provider's setup, step by step, with this tenant's own values.
import {h, show, copyable} from '../dom.js';
import {get, seg} from '../api.js';

const tokensLink = tenant => h('a', {href: '#/t/' + seg(tenant) + '/tokens'}, 'Tokens page');

/** Each IdP: its name, and its steps given the tenant's base URLs. */
const IDPS = {
  'okta': {
    name: 'Okta (app from the Okta Integration Network)',
    steps: (v2, v1, tenant) => [
      ['In the Okta Admin Console, open Applications → Applications, then your app → the Provisioning tab, and'
        + ' choose Configure API Integration.'],
      ['Check Enable API integration.'],
      ['Base URL: ', copyable(v2, 'base URL')],
      ['API Token: create one on the ', tokensLink(tenant), ' (name it after this Okta org) and paste it here.'],
      ['Choose Test API Credentials: Okta should say the app was verified. Then Save.'],
      ['Under Provisioning → To App, choose Edit and enable Create Users, Update User Attributes and Deactivate'
        + ' Users. Save.'],
      ['Assign a test user to the app, then open the ', h('a', {href: '#/t/' + seg(tenant) + '/activity'},
        'Activity page'), ': you should see a POST /Users answered 201.'],
      ['To push groups: the Push Groups tab → + Push Groups, and pick the groups.'],
    ],
  },
  'okta-v1': {
    name: 'Okta "SCIM 1.1 Header Auth" app',
    steps: (v2, v1, tenant) => [
      ['In your Okta app, open the Provisioning tab → Configure API Integration, and check Enable API integration.'],
      ['Base URL (SCIM 1.1): ', copyable(v1, 'SCIM 1.1 base URL')],
      ['API Token: create one on the ', tokensLink(tenant), ' and paste it; Okta sends it in the Authorization'
        + ' header.'],
      ['Test API Credentials, then Save, and enable Create Users, Update User Attributes and Deactivate Users under'
        + ' To App.'],
    ],
  },
  'okta-aiw': {
    name: 'Okta custom app (App Integration Wizard, SCIM 2.0)',
    steps: (v2, v1, tenant) => [
      ['On the app\'s General tab, choose Edit under App Settings, set Provisioning to SCIM, and Save.'],
      ['Provisioning tab → Integration → Edit. SCIM connector base URL: ', copyable(v2, 'SCIM connector base URL')],
      ['Unique identifier field for users: ', h('code', {}, 'userName'), '.'],
      ['Supported provisioning actions: Import New Users and Profile Updates, Push New Users, Push Profile Updates,'
        + ' Push Groups.'],
      ['Authentication Mode: HTTP Header. Authorization: Bearer, with a token from the ', tokensLink(tenant), '.'],
      ['Test Connector Configuration: each action you checked should show a green mark. Save, then enable Create'
        + ' Users, Update User Attributes and Deactivate Users under To App.'],
    ],
  },
  'entra': {
    name: 'Microsoft Entra ID',
    steps: (v2, v1, tenant) => [
      ['In the Entra admin center: Enterprise applications → your app (or New application → Create your own'
        + ' application, "non-gallery") → Provisioning → Get started; Provisioning Mode: Automatic.'],
      ['Tenant URL: ', copyable(v2 + '?aadOptscim062020', 'Tenant URL'), ' (the flag asks Entra for its'
        + ' RFC-conformant PATCH requests; scimhub tolerates the older ones too).'],
      ['Secret Token: a token from the ', tokensLink(tenant), '.'],
      ['Test Connection, then Save.'],
      ['Mappings: keep userPrincipalName → userName, and check the attributes your app needs.'],
      ['Users and groups: assign who should be provisioned, then Start provisioning. Entra runs a cycle every 40'
        + ' minutes; "Provision on demand" tries one user now.'],
    ],
  },
  'onelogin': {
    name: 'OneLogin',
    steps: (v2, v1, tenant) => [
      ['Applications → Add App → "SCIM Provisioner with SAML (SCIM v2 Enterprise)" (or your app from the catalog).'],
      ['Configuration tab. SCIM Base URL: ', copyable(v2, 'SCIM Base URL')],
      ['SCIM Bearer Token: a token from the ', tokensLink(tenant), '.'],
      ['Choose Enable under API Connection; it should turn Enabled.'],
      ['Provisioning tab: check Enable provisioning, and choose what Delete and Suspend do. Save.'],
    ],
  },
  'jumpcloud': {
    name: 'JumpCloud',
    steps: (v2, v1, tenant) => [
      ['SSO Applications → your app → Identity Management.'],
      ['SCIM version: SCIM 2.0. Base URL: ', copyable(v2, 'Base URL')],
      ['Token Key: a token from the ', tokensLink(tenant), '. Test Connection, then Activate and Save.'],
      ['Bind user groups to the app on its User Groups tab: their members are provisioned.'],
    ],
  },
  'google': {
    name: 'Google Workspace',
    steps: (v2, v1, tenant) => [
      ['Google provisions only apps from its own catalog. If this app is there: Admin console → Apps → Web and'
        + ' mobile apps → the app → Auto-provisioning.'],
      ['Endpoint URL: ', copyable(v2, 'endpoint URL')],
      ['Access token: a token from the ', tokensLink(tenant), '.'],
      ['Map the attributes, choose the groups in scope, and turn auto-provisioning on.'],
    ],
  },
};

export async function setupPage(tenant, args) {
  const info = await get('/tenants/' + seg(tenant) + '/settings');
  const v2 = info.scimBaseUrl;
  const v1 = v2.replace(/\/scim\/v2$/, '/scim/v1');
  let chosen = IDPS[args[0]] ? args[0] : 'okta';
  const steps = h('section', {'aria-labelledby': 'steps-title'});
  const picker = h('fieldset', {class: 'idps'}, h('legend', {}, 'Your identity provider'),
    Object.entries(IDPS).map(([key, idp]) => h('label', {},
      h('input', {type: 'radio', name: 'idp', value: key, checked: key === chosen, onchange: () => {
        chosen = key;
        render();
      }}), idp.name)));
  function render() {
    const idp = IDPS[chosen];
    steps.replaceChildren(h('h2', {id: 'steps-title'}, idp.name + ': steps'),
      h('ol', {class: 'steps', 'data-idp': chosen}, idp.steps(v2, v1, tenant).map(step => h('li', {}, step))));
  }
  render();
  show('Set up your identity provider',
    h('p', {}, 'Connect ', h('strong', {}, info.name), '\'s identity provider to this app over SCIM. Its SCIM 2.0'
      + ' base URL is ', copyable(v2, 'SCIM 2.0 base URL')),
    picker, steps);
}
