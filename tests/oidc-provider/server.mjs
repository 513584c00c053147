// The OpenID Connect provider the console's browser tests sign in with: panva's oidc-provider (a certified
// implementation), its development login form, and one account per console role. For tests only.
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 17090);
const issuer = `http://localhost:${port}`;
const secret = process.env.PCPE_TEST_OIDC_CLIENT_SECRET ?? 'pcpe-test-console-secret';

// Which roles each test operator holds, as the structure's identity provider would say in a "roles" claim.
const accounts = {
  supervisor: { name: 'Sophie Superviseure', roles: ['supervisor'] },
  dpo: { name: 'Denis Délégué', roles: ['dpo'] },
  reader: { name: 'Rémi Lecteur', roles: ['reader'] },
  both: { name: 'Bérénice Deux-Rôles', roles: ['supervisor', 'dpo'] },
  nobody: { name: 'Noé Sans-Rôle', roles: [] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'pcpe-console',
    client_secret: secret,
    redirect_uris: ['http://localhost/signin-oidc'],
    post_logout_redirect_uris: ['http://localhost/signout-callback-oidc'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], profile: ['name'], roles: ['roles'] },
  scopes: ['openid', 'profile', 'roles'],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  ttl: { Session: 3600, Grant: 3600, IdToken: 3600, AccessToken: 3600, Interaction: 3600 },
  cookies: { keys: ['pcpe-test-oidc-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() { return { sub: id, name: account.name, roles: account.roles }; },
    };
  },
  async loadExistingGrant(ctx) {
    // Every client here is first-party: consent is implied for the scopes and claims it asks.
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile roles');
    grant.addOIDCClaims(['name', 'roles']);
    await grant.save();
    return grant;
  },
});

// The gateway under test listens on a port chosen per test: any loopback port is its own.
const loopback = (uri, path) => {
  const url = new URL(uri);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname) && url.pathname === path;
};
provider.Client.prototype.redirectUriAllowed = function (uri) { return loopback(uri, '/signin-oidc'); };
provider.Client.prototype.postLogoutRedirectUriAllowed = function (uri) {
  return loopback(uri, '/signout-callback-oidc');
};

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
