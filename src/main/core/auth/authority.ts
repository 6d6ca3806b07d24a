/**
 * Where a profile signs in (partner-center-api.md §6): the Entra ID authority of its cloud and
 * tenant, and the Partner Center scope. Pure, so it is unit-tested.
 */
import type { Cloud, Profile } from '../../../shared/domain';
import { GRAPH_RESOURCES, graphScope } from './graph';

/** Entra ID sign-in hosts per cloud. Microsoft Cloud Germany was retired (October 2021). */
export const AUTHORITY_HOSTS: Record<Cloud, string | null> = {
  public: 'https://login.microsoftonline.com',
  usgov: 'https://login.microsoftonline.us',
  china: 'https://login.chinacloudapi.cn',
  germany: null,
};

/**
 * The Partner Center API resource per cloud; its one delegated scope is `user_impersonation`
 * (the Partner Center PowerShell module's `{PartnerCenterEndpoint}/user_impersonation`). The
 * 21Vianet resource follows that module's China endpoint (not verified against a live tenant).
 */
export const PARTNER_CENTER_RESOURCES: Record<Cloud, string> = {
  public: 'https://api.partnercenter.microsoft.com',
  usgov: 'https://api.partnercenter.microsoft.com',
  germany: 'https://api.partnercenter.microsoft.com',
  china: 'https://partner.partnercenterapi.microsoftonline.cn',
};

export const PARTNER_CENTER_SCOPE = `${PARTNER_CENTER_RESOURCES.public}/user_impersonation`;

export class AuthorityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthorityError';
  }
}

/** The tenant to sign in to: the profile's partner tenant (domain or id), else `organizations`. */
export function tenantOf(profile: Pick<Profile, 'partnerTenant'>): string {
  const tenant = profile.partnerTenant?.trim();
  return tenant ? tenant.toLowerCase() : 'organizations';
}

export interface MsalAuthority {
  /** e.g. `https://login.microsoftonline.com/contoso.onmicrosoft.com` */
  authority: string;
  /** Hosts MSAL may trust without Microsoft's instance discovery (the emulator's). */
  knownAuthorities: string[];
  /**
   * Instance-discovery answer given up front for a non-Microsoft host, so MSAL neither asks
   * Microsoft about it nor fails to match cached tokens to it (their `environment`).
   */
  cloudDiscoveryMetadata?: string;
  scopes: string[];
  /**
   * Microsoft Graph for the role lookup (./graph.ts): where `GET /v1.0/me/memberOf` answers and
   * the delegated scope to ask for (consented at the interactive sign-in).
   */
  graph: { url: string; scope: string } | null;
}

/**
 * The authority for a profile. `identityProvider` replaces Microsoft's host with the emulator's
 * (a built-in sandbox profile signing in with 'entra'); it is listed in `knownAuthorities`, so
 * MSAL reads its discovery document instead of asking Microsoft's instance discovery.
 */
export function authorityFor(profile: Pick<Profile, 'cloud' | 'partnerTenant'>, identityProvider?: string): MsalAuthority {
  const tenant = encodeURIComponent(tenantOf(profile));
  if (identityProvider) {
    const base = identityProvider.replace(/\/+$/, '');
    const host = new URL(base).host;
    const cloudDiscoveryMetadata = JSON.stringify({
      tenant_discovery_endpoint: `${base}/${tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    // The emulator answers Graph itself; its Graph tokens carry the public Graph audience.
    const graph = { url: base, scope: graphScope(GRAPH_RESOURCES.public!) };
    return { authority: `${base}/${tenant}`, knownAuthorities: [host], cloudDiscoveryMetadata, scopes: [PARTNER_CENTER_SCOPE], graph };
  }
  const base = AUTHORITY_HOSTS[profile.cloud];
  if (!base) {
    throw new AuthorityError('error.auth.germanyRetired');
  }
  const graphBase = GRAPH_RESOURCES[profile.cloud];
  return {
    authority: `${base}/${tenant}`,
    knownAuthorities: [],
    scopes: [`${PARTNER_CENTER_RESOURCES[profile.cloud]}/user_impersonation`],
    graph: graphBase ? { url: graphBase, scope: graphScope(graphBase) } : null,
  };
}
