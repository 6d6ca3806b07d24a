import { describe, expect, it } from 'vitest';
import { buildAcceptanceMailto } from '../../../src/renderer/request/mailto';

const LINK = 'https://cdn.partner.microsoft.com/mca/?attestationid=3f1c&lang=fr-FR#accept';

/** The parts of a mailto: URI as a mail client reads them. */
function parse(uri: string) {
  expect(uri.startsWith('mailto:')).toBe(true);
  const rest = uri.slice('mailto:'.length);
  const q = rest.indexOf('?');
  const to = decodeURIComponent(rest.slice(0, q));
  const query = rest.slice(q + 1);
  // Each field is split on & and decoded once: an & inside a value must not split it.
  const fields: Record<string, string> = Object.fromEntries(query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return [pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1))];
  }));
  return { to, query, fields };
}

const base = {
  locale: 'en-US',
  to: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.fr' },
  companyName: 'Müller & Söhne GmbH',
  link: LINK,
  way: 'attestation' as const,
};

describe('buildAcceptanceMailto: "Email to customer"', () => {
  it('writes to the signatory, naming the company, with the link whole', () => {
    const { to, fields } = parse(buildAcceptanceMailto(base));
    expect(to).toBe('amelie.lefevre@example.fr');
    expect(Object.keys(fields).sort()).toEqual(['body', 'subject']);
    expect(fields.subject).toContain('Müller & Söhne GmbH');
    expect(fields.body).toContain('Hello Amélie,');
    expect(fields.body).toContain('Müller & Söhne GmbH');
    expect(fields.body).toContain(LINK);
  });

  it('percent-encodes & ? # and = so they cannot end a field or the URI', () => {
    const uri = buildAcceptanceMailto(base);
    const { query } = parse(uri);
    // Exactly the two separators of our own fields; none from the company name or the link.
    expect(query.match(/&/g)).toHaveLength(1);
    expect(uri.match(/\?/g)).toHaveLength(1);
    expect(uri).not.toContain('#');
    expect(query.match(/=/g)).toHaveLength(2);
    expect(uri).toContain(encodeURIComponent(LINK));
  });

  it('encodes accented names as UTF-8 and spaces as %20 (never +)', () => {
    const uri = buildAcceptanceMailto(base);
    expect(uri).toContain('Am%C3%A9lie');
    expect(uri).toContain('M%C3%BCller%20%26%20S%C3%B6hne');
    expect(uri).not.toContain('+');
    expect(uri).not.toMatch(/[^\x21-\x7e]/); // nothing but printable ASCII
  });

  it('writes line breaks as CRLF (RFC 6068)', () => {
    const { fields } = parse(buildAcceptanceMailto(base));
    expect(fields.body).toContain('\r\n\r\n');
    expect((fields.body ?? '').replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('keeps the address whole, encoding what would end it', () => {
    const { to } = parse(buildAcceptanceMailto({ ...base, to: { ...base.to, email: 'o’brien+mca?x#y@exämple.ie' } }));
    expect(to).toBe('o’brien+mca?x#y@exämple.ie');
    const uri = buildAcceptanceMailto({ ...base, to: { ...base.to, email: 'a?b#c@example.com' } });
    expect(uri.startsWith('mailto:a%3Fb%23c@example.com?subject=')).toBe(true);
  });

  it('speaks the operator’s language', () => {
    const { fields } = parse(buildAcceptanceMailto({ ...base, locale: 'fr-FR' }));
    expect(fields.subject).toBe('Contrat client Microsoft pour Müller & Söhne GmbH\u202F: merci de l’accepter');
    expect(fields.body).toContain('Bonjour Amélie,');
    expect(fields.body).toContain(LINK);
  });

  it('words the admin center way as its own', () => {
    const { fields } = parse(buildAcceptanceMailto({ ...base, way: 'admin-center', link: 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement' }));
    expect(fields.subject).toContain('Microsoft 365 admin center');
    expect(fields.body).toContain('https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement');
    expect(fields.body).toContain('global or billing administrator');
  });
});
