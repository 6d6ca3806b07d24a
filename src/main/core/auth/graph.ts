/**
 * The Partner Center role of a real partner user: Admin agent, Sales agent and Helpdesk agent are
 * memberships of the partner tenant's security groups "AdminAgents", "SalesAgents" and
 * "HelpdeskAgents" (not a token claim), read with Microsoft Graph `GET /v1.0/me/memberOf`
 * (delegated GroupMember.Read.All). Global admin and Billing admin come from the `wids` claim.
 * Parsing and mapping are pure, so they are unit-tested.
 */
import { z } from 'zod';
import type { Cloud, Role } from '../../../shared/domain';
import { widsRoleFromClaims, type TokenClaims } from './claims';

/** Microsoft Graph per cloud (the resource of its scopes and where it answers). */
export const GRAPH_RESOURCES: Record<Cloud, string | null> = {
  public: 'https://graph.microsoft.com',
  usgov: 'https://graph.microsoft.us',
  china: 'https://microsoftgraph.chinacloudapi.cn',
  germany: null,
};

/** The one delegated Graph permission MCA Desk asks for (needs admin consent). */
export const GROUP_MEMBER_READ_ALL = 'GroupMember.Read.All';

export const graphScope = (resource: string) => `${resource.replace(/\/+$/, '')}/${GROUP_MEMBER_READ_ALL}`;

/** Partner Center's agent groups, strongest first. */
export const AGENT_GROUPS: readonly (readonly [group: string, role: Role])[] = [
  ['AdminAgents', 'AdminAgent'],
  ['SalesAgents', 'SalesAgent'],
  ['HelpdeskAgents', 'HelpdeskAgent'],
];

/**
 * The role from group names: AdminAgents → Admin agent, else SalesAgents → Sales agent, else
 * HelpdeskAgents → Helpdesk agent, else the directory role of `wids`, else Helpdesk agent
 * (read-only).
 */
export function roleFromGroups(groupNames: Iterable<string>, claims: TokenClaims | null): Role {
  const names = new Set([...groupNames].map((n) => n.trim().toLowerCase()));
  for (const [group, role] of AGENT_GROUPS) if (names.has(group.toLowerCase())) return role;
  return widsRoleFromClaims(claims) ?? 'HelpdeskAgent';
}

const directoryObjectSchema = z.looseObject({
  '@odata.type': z.string().optional(),
  id: z.string().optional(),
  displayName: z.string().nullish(),
});

export const memberOfPageSchema = z.looseObject({
  value: z.array(directoryObjectSchema),
  '@odata.nextLink': z.string().optional(),
});

export class GraphLookupError extends Error {
  constructor(
    readonly kind: 'network' | 'http' | 'invalid',
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphLookupError';
  }
}

/**
 * One page of `memberOf`: the display names of the groups (directory roles and administrative
 * units are skipped), and the next page's address when there is one.
 */
export function parseMemberOfPage(body: unknown): { groups: string[]; next: string | null } {
  const parsed = memberOfPageSchema.safeParse(body);
  if (!parsed.success) throw new GraphLookupError('invalid', 'Microsoft Graph answered memberOf in an unexpected shape.');
  const groups = parsed.data.value
    .filter((o) => o['@odata.type'] === undefined || o['@odata.type'] === '#microsoft.graph.group')
    .flatMap((o) => (o.displayName ? [o.displayName] : []));
  return { groups, next: parsed.data['@odata.nextLink'] ?? null };
}

export interface GraphResponse {
  status: number;
  body: unknown;
}

/** A GET with the bearer token; throws GraphLookupError('network') when Graph is unreachable. */
export type GraphGet = (url: string, accessToken: string) => Promise<GraphResponse>;

/** The public internet's Graph, with the platform's own trust store. */
export const fetchGraphGet: GraphGet = async (url, accessToken) => {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    throw new GraphLookupError('network', 'Microsoft Graph could not be reached.', null, { cause: error });
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { status: response.status, body };
};

const MAX_PAGES = 50;

/**
 * All groups the signed-in user is a direct member of: `GET {graph}/v1.0/me/memberOf
 * ?$select=displayName`, following `@odata.nextLink` (only on Graph's own origin: the token goes
 * nowhere else).
 */
export async function memberOfGroups(graphBase: string, accessToken: string, get: GraphGet): Promise<string[]> {
  const base = graphBase.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  let url: string | null = `${base}/v1.0/me/memberOf?$select=displayName`;
  const groups: string[] = [];
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES) throw new GraphLookupError('invalid', 'Microsoft Graph kept answering more pages of memberOf than expected.');
    if (new URL(url).origin !== origin) throw new GraphLookupError('invalid', 'Microsoft Graph pointed the next page of memberOf to another host.');
    const response = await get(url, accessToken);
    if (response.status !== 200) {
      const error = (response.body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const detail = typeof error?.message === 'string' ? `: ${error.message}` : '';
      throw new GraphLookupError('http', `Microsoft Graph refused to list the groups (HTTP ${response.status}${detail})`, response.status);
    }
    const { groups: names, next } = parseMemberOfPage(response.body);
    groups.push(...names);
    url = next;
  }
  return groups;
}
