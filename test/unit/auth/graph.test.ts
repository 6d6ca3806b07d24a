import { describe, expect, it } from 'vitest';
import { authorityFor } from '../../../src/main/core/auth/authority';
import { GraphLookupError, memberOfGroups, parseMemberOfPage, roleFromGroups, type GraphGet } from '../../../src/main/core/auth/graph';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const BILLING_ADMIN = 'b0f54661-2d74-4c50-afa3-1ec803f12efe';
const group = (displayName: string) => ({ '@odata.type': '#microsoft.graph.group', id: displayName.toLowerCase(), displayName });

describe('Partner Center role from group memberships', () => {
  it('maps AdminAgents, then SalesAgents, then HelpdeskAgents', () => {
    expect(roleFromGroups(['All Company', 'HelpdeskAgents', 'SalesAgents', 'AdminAgents'], null)).toBe('AdminAgent');
    expect(roleFromGroups(['HelpdeskAgents', 'SalesAgents'], null)).toBe('SalesAgent');
    expect(roleFromGroups(['helpdeskagents'], null)).toBe('HelpdeskAgent');
  });
  it('an agent group outranks the directory role; without one the wids role counts, else read-only', () => {
    expect(roleFromGroups(['SalesAgents'], { wids: [GLOBAL_ADMIN] })).toBe('SalesAgent');
    expect(roleFromGroups(['All Company'], { wids: [GLOBAL_ADMIN] })).toBe('GlobalAdmin');
    expect(roleFromGroups([], { wids: [BILLING_ADMIN] })).toBe('BillingAdmin');
    expect(roleFromGroups(['Finance'], { wids: ['00000000-0000-0000-0000-000000000000'] })).toBe('HelpdeskAgent');
    expect(roleFromGroups([], null)).toBe('HelpdeskAgent');
  });
});

describe('Microsoft Graph memberOf', () => {
  it('parses a page: group names only, and the next link', () => {
    expect(
      parseMemberOfPage({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects(displayName)',
        value: [group('SalesAgents'), { '@odata.type': '#microsoft.graph.directoryRole', id: 'r', displayName: 'Global Administrator' }, { '@odata.type': '#microsoft.graph.group', id: 'x', displayName: null }],
        '@odata.nextLink': 'https://graph.microsoft.com/v1.0/me/memberOf?$skiptoken=abc',
      }),
    ).toEqual({ groups: ['SalesAgents'], next: 'https://graph.microsoft.com/v1.0/me/memberOf?$skiptoken=abc' });
    expect(parseMemberOfPage({ value: [] })).toEqual({ groups: [], next: null });
    expect(() => parseMemberOfPage({ groups: [] })).toThrow(GraphLookupError);
    expect(() => parseMemberOfPage(null)).toThrow(GraphLookupError);
  });

  it('follows @odata.nextLink across pages with the token, and asks only for displayName', async () => {
    const seen: string[] = [];
    const pages: Record<string, unknown> = {
      'https://graph.microsoft.us/v1.0/me/memberOf?$select=displayName': { value: [group('All Company')], '@odata.nextLink': 'https://graph.microsoft.us/v1.0/me/memberOf?$skiptoken=2' },
      'https://graph.microsoft.us/v1.0/me/memberOf?$skiptoken=2': { value: [group('Finance')], '@odata.nextLink': 'https://graph.microsoft.us/v1.0/me/memberOf?$skiptoken=3' },
      'https://graph.microsoft.us/v1.0/me/memberOf?$skiptoken=3': { value: [group('SalesAgents')] },
    };
    const get: GraphGet = (url, token) => {
      seen.push(url);
      expect(token).toBe('tok');
      return Promise.resolve({ status: 200, body: pages[url] });
    };
    const groups = await memberOfGroups('https://graph.microsoft.us', 'tok', get);
    expect(groups).toEqual(['All Company', 'Finance', 'SalesAgents']);
    expect(seen).toHaveLength(3);
    expect(roleFromGroups(groups, null)).toBe('SalesAgent');
  });

  it('refuses a next link to another host, an error status, and endless paging', async () => {
    const foreign: GraphGet = () => Promise.resolve({ status: 200, body: { value: [], '@odata.nextLink': 'https://evil.example/v1.0/me/memberOf' } });
    await expect(memberOfGroups('https://graph.microsoft.com', 't', foreign)).rejects.toThrow(/another host/);
    const denied: GraphGet = () => Promise.resolve({ status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } });
    await expect(memberOfGroups('https://graph.microsoft.com', 't', denied)).rejects.toMatchObject({ kind: 'http', status: 403, message: expect.stringMatching(/HTTP 403: Insufficient privileges/) });
    const endless: GraphGet = (url) => Promise.resolve({ status: 200, body: { value: [], '@odata.nextLink': `${url}x` } });
    await expect(memberOfGroups('https://graph.microsoft.com', 't', endless)).rejects.toThrow(/more pages/);
  });

  it('Graph per cloud: host and GroupMember.Read.All scope; the emulator answers Graph itself', () => {
    expect(authorityFor({ cloud: 'public', partnerTenant: null }).graph).toEqual({ url: 'https://graph.microsoft.com', scope: 'https://graph.microsoft.com/GroupMember.Read.All' });
    expect(authorityFor({ cloud: 'usgov', partnerTenant: null }).graph).toEqual({ url: 'https://graph.microsoft.us', scope: 'https://graph.microsoft.us/GroupMember.Read.All' });
    expect(authorityFor({ cloud: 'china', partnerTenant: null }).graph).toEqual({ url: 'https://microsoftgraph.chinacloudapi.cn', scope: 'https://microsoftgraph.chinacloudapi.cn/GroupMember.Read.All' });
    expect(authorityFor({ cloud: 'public', partnerTenant: null }, 'https://127.0.0.1:4443/').graph).toEqual({ url: 'https://127.0.0.1:4443', scope: 'https://graph.microsoft.com/GroupMember.Read.All' });
  });
});
