/** Deterministic seed data: customers, their MCA state, lazily materialised details. */
import { LOCALES, LONG_SUFFIXES, localeByKey, pickLocale, type Locale } from './locales';
import { asciiSlug, guid, intBetween, mixSeed, mulberry32, pick, type Rng } from './prng';

export const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';
export const MCLOUDA_TEMPLATE_ID = '998b88de-aa99-4388-a42c-1b3517d49490';
/**
 * A fictional earlier version of the MCA (acceptances before April 2023). Not in the agreement
 * metadata (which names the current template only); records carry it; a POST with it is refused
 * as no longer supported (UNVERIFIED: README "UNVERIFIED choices").
 */
export const MCA_EARLIER_TEMPLATE_ID = '0d2a5c3e-7b41-4f86-9e1a-2c3b4d5e6f70';
export const MCA_TYPE = 'MicrosoftCustomerAgreement';
export const MCLOUDA_TYPE = 'MicrosoftCloudAgreement';
export const MCA_LINK = 'https://aka.ms/customeragreement';
/** UNVERIFIED: the link Partner Center gives for the retired Microsoft Cloud Agreement. */
export const MCLOUDA_LINK = 'https://aka.ms/cloudagreement';

export type McaState = 'none' | 'partner' | 'direct';
export type Relationship = 'reseller' | 'advisor';

export interface Contact {
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber?: string;
}

export interface AgreementRecord {
  userId: string;
  primaryContact: Contact;
  templateId: string;
  dateAgreed: string;
  type: string;
  agreementLink: string;
}

export interface CustomerDetails {
  commerceId: string;
  billingProfileId: string;
  etag: string;
  contact: { firstName: string; lastName: string; email: string; phoneNumber: string };
  address: { country: string; region: string; city: string; addressLine1: string; postalCode: string; phoneNumber: string };
  culture: string;
  language: string;
  companyEmail: string;
}

export interface CustomerRecord {
  index: number;
  id: string;
  companyName: string;
  /** Lower-cased name and domain, precomputed for starts_with filters. */
  nameLower: string;
  domain: string;
  localeKey: string;
  relationship: Relationship;
  directSigned: boolean;
  /** Seeded counts decided at generation; the records themselves are built on first use. */
  seedMcaRecords: number;
  seedCloudRecords: number;
  agreements?: AgreementRecord[];
  details?: CustomerDetails;
  wellKnown?: WellKnown;
  /** Set for customers created through POST /v1/customers (0, 1, ...). */
  createdIndex?: number;
}

/** Partner users who confirmed seeded agreements (object ids in the partner tenant). */
export const PARTNER_USERS = [
  { userId: '4a1f3c2e-8b7d-4e6f-9a0b-1c2d3e4f5a6b', displayName: 'Ana Admin', role: 'AdminAgent' },
  { userId: '7b2e4d6f-1a3c-4b5d-8e7f-9a0b1c2d3e4f', displayName: 'Sam Sales', role: 'SalesAgent' },
  { userId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', displayName: 'Hana Helpdesk', role: 'HelpdeskAgent' },
  { userId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a', displayName: 'Bill Billing', role: 'BillingAdmin' },
  { userId: '0e1f2a3b-4c5d-4e6f-a7b8-c9d0e1f2a3b4', displayName: 'Greta Global', role: 'GlobalAdmin' },
  { userId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d', displayName: 'Former Employee', role: 'AdminAgent' },
] as const;

interface WellKnown {
  id: string;
  companyName: string;
  roman: string;
  domain: string;
  localeKey: string;
  directSigned: boolean;
  contact: { firstName: string; lastName: string; email: string; phoneNumber: string };
  agreements: AgreementRecord[];
}

const ana = PARTNER_USERS[0].userId;
const sam = PARTNER_USERS[1].userId;

/** Fixed customers for tests and demos; always the first ones in the list. Documented in README.md. */
export const WELL_KNOWN: readonly WellKnown[] = [
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001', companyName: 'Société Générale de Logistique', roman: 'societegeneraledelogistique',
    domain: 'societegeneralelogistique.onmicrosoft.com', localeKey: 'fr-FR', directSigned: false,
    contact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@societegeneralelogistique.onmicrosoft.com', phoneNumber: '+33 1 42 68 53 00' },
    agreements: [],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000002', companyName: 'Müller & Söhne GmbH', roman: 'muellersoehne',
    domain: 'muellersoehne.onmicrosoft.com', localeKey: 'de-DE', directSigned: false,
    contact: { firstName: 'Jürgen', lastName: 'Müller', email: 'juergen.mueller@muellersoehne.onmicrosoft.com', phoneNumber: '+49 30 1234567' },
    agreements: [
      { userId: ana, primaryContact: { firstName: 'Jürgen', lastName: 'Müller', email: 'juergen.mueller@muellersoehne.onmicrosoft.com', phoneNumber: '+49 30 1234567' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2023-05-17T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
    ],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000003', companyName: 'Café São João Ltda', roman: 'cafesaojoao',
    domain: 'cafesaojoao.onmicrosoft.com', localeKey: 'pt-BR', directSigned: true,
    contact: { firstName: 'João', lastName: 'Gonçalves', email: 'joao.goncalves@cafesaojoao.onmicrosoft.com', phoneNumber: '+55 11 3456 7890' },
    agreements: [],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000004', companyName: 'Łódź Przemysł Sp. z o.o.', roman: 'lodzprzemysl',
    domain: 'lodzprzemysl.onmicrosoft.com', localeKey: 'pl-PL', directSigned: false,
    contact: { firstName: 'Łukasz', lastName: 'Wróbel', email: 'lukasz.wrobel@lodzprzemysl.onmicrosoft.com', phoneNumber: '+48 22 555 01 02' },
    agreements: [
      // Only the retired Microsoft Cloud Agreement: NOT an MCA confirmation (the omitted-agreementType trap).
      { userId: sam, primaryContact: { firstName: 'Łukasz', lastName: 'Wróbel', email: 'lukasz.wrobel@lodzprzemysl.onmicrosoft.com', phoneNumber: '+48 22 555 01 02' }, templateId: MCLOUDA_TEMPLATE_ID, dateAgreed: '2018-03-02T00:00:00', type: MCLOUDA_TYPE, agreementLink: MCLOUDA_LINK },
    ],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000005', companyName: '株式会社さくら電機', roman: 'sakuradenki',
    domain: 'sakuradenki.onmicrosoft.com', localeKey: 'ja-JP', directSigned: false,
    contact: { firstName: '花子', lastName: '佐藤', email: 'hanako.sato@sakuradenki.onmicrosoft.com', phoneNumber: '+81 3 1234 5678' },
    agreements: [
      { userId: ana, primaryContact: { firstName: '花子', lastName: '佐藤', email: 'hanako.sato@sakuradenki.onmicrosoft.com', phoneNumber: '+81 3 1234 5678' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2020-02-10T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
      { userId: sam, primaryContact: { firstName: '健一', lastName: '高橋', email: 'kenichi.takahashi@sakuradenki.onmicrosoft.com' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2024-11-05T09:30:00', type: MCA_TYPE, agreementLink: MCA_LINK },
    ],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000006',
    companyName: 'Kühne Großhandels- und Vertriebsgesellschaft für Bürobedarf, Lagertechnik und Industriebedarf der Europäischen Wirtschaftsregion mbH & Co. KG',
    roman: 'kuehnegrosshandel', domain: 'kuehnegrosshandel.onmicrosoft.com', localeKey: 'de-DE', directSigned: false,
    contact: { firstName: 'Käthe', lastName: 'Kühne', email: 'kaethe.kuehne@kuehnegrosshandel.onmicrosoft.com', phoneNumber: '+49 89 998877' },
    agreements: [],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000007', companyName: 'Contoso Ltd', roman: 'contoso',
    domain: 'contoso.onmicrosoft.com', localeKey: 'en-US', directSigned: true,
    contact: { firstName: 'Tania', lastName: 'Carr', email: 'tania.carr@contoso.onmicrosoft.com', phoneNumber: '1234567890' },
    agreements: [
      { userId: ana, primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'tania.carr@contoso.onmicrosoft.com', phoneNumber: '1234567890' }, templateId: MCLOUDA_TEMPLATE_ID, dateAgreed: '2017-09-01T00:00:00', type: MCLOUDA_TYPE, agreementLink: MCLOUDA_LINK },
      { userId: ana, primaryContact: { firstName: 'Tania', lastName: 'Carr', email: 'tania.carr@contoso.onmicrosoft.com', phoneNumber: '1234567890' }, templateId: MCA_TEMPLATE_ID, dateAgreed: '2019-08-26T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
    ],
  },
  // Issue 13: acceptances on an earlier version of the MCA (before April 2023): "Earlier version".
  // These two take the place of the first two generated customers (see generateCustomers).
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000008', companyName: 'Fabrikam Bâtiment SAS', roman: 'fabrikambatiment',
    domain: 'fabrikambatiment.onmicrosoft.com', localeKey: 'fr-FR', directSigned: false,
    contact: { firstName: 'Hélène', lastName: 'Rousseau', email: 'helene.rousseau@fabrikambatiment.onmicrosoft.com', phoneNumber: '+33 1 45 67 89 10' },
    agreements: [
      { userId: ana, primaryContact: { firstName: 'Hélène', lastName: 'Rousseau', email: 'helene.rousseau@fabrikambatiment.onmicrosoft.com', phoneNumber: '+33 1 45 67 89 10' }, templateId: MCA_EARLIER_TEMPLATE_ID, dateAgreed: '2022-06-14T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
    ],
  },
  {
    id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000009', companyName: 'Northwind Traders Inc.', roman: 'northwindtraders',
    domain: 'northwindtraders.onmicrosoft.com', localeKey: 'en-US', directSigned: false,
    contact: { firstName: 'Nancy', lastName: 'Davolio', email: 'nancy.davolio@northwindtraders.onmicrosoft.com', phoneNumber: '+1 425 555 0101' },
    agreements: [
      { userId: sam, primaryContact: { firstName: 'Andrew', lastName: 'Fuller', email: 'andrew.fuller@northwindtraders.onmicrosoft.com' }, templateId: MCA_EARLIER_TEMPLATE_ID, dateAgreed: '2020-03-02T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
      { userId: ana, primaryContact: { firstName: 'Nancy', lastName: 'Davolio', email: 'nancy.davolio@northwindtraders.onmicrosoft.com', phoneNumber: '+1 425 555 0101' }, templateId: MCA_EARLIER_TEMPLATE_ID, dateAgreed: '2023-02-20T00:00:00', type: MCA_TYPE, agreementLink: MCA_LINK },
    ],
  },
];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** A date-time between two epoch ms values, formatted like the docs' `dateAgreed` (no `Z`). */
function docDate(rng: Rng, fromMs: number, toMs: number): string {
  const d = new Date(fromMs + Math.floor(rng() * (toMs - fromMs)));
  const withTime = rng() < 0.3;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${withTime ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` : '00:00:00'}`;
}

export interface SeedResult {
  customers: CustomerRecord[];
  byId: Map<string, CustomerRecord>;
  domains: Set<string>;
}

export function generateCustomers(seed: number, count: number): SeedResult {
  const rng = mulberry32(seed);
  const customers: CustomerRecord[] = [];
  const byId = new Map<string, CustomerRecord>();
  const domains = new Set<string>();
  const names = new Set<string>(WELL_KNOWN.slice(0, FIRST_WELL_KNOWN).map((w) => w.companyName));
  /** Domains of generated customers a well-known one replaced: kept while generating, then dropped. */
  const replaced: string[] = [];
  for (let i = 0; i < count; i++) {
    let rec: CustomerRecord;
    const wk = WELL_KNOWN[i];
    if (wk && i < FIRST_WELL_KNOWN) {
      rec = {
        index: i, id: wk.id, companyName: wk.companyName, nameLower: wk.companyName.toLowerCase(), domain: wk.domain,
        localeKey: wk.localeKey, relationship: 'reseller', directSigned: wk.directSigned,
        seedMcaRecords: 0, seedCloudRecords: 0, agreements: wk.agreements.map((a) => ({ ...a, primaryContact: { ...a.primaryContact } })), wellKnown: wk,
      };
    } else {
      const locale = pickLocale(rng);
      let [name, roman] = locale.company(rng);
      if (rng() < 0.02) {
        const suffix = pick(rng, LONG_SUFFIXES);
        name += suffix[0];
        roman += suffix[1];
      }
      // A name already given gets a city, as real groups name their branches; the vocabulary
      // alone would give tens of identical names at 100,000 customers.
      for (let tries = 0; names.has(name) && tries < 4; tries++) {
        const city = pick(rng, locale.cities);
        name = `${name} ${city[0]}`;
        roman = `${roman} ${city[1]}`;
      }
      names.add(name);
      let slug = asciiSlug(roman).slice(0, 24) || 'tenant';
      if (domains.has(`${slug}.onmicrosoft.com`)) slug = `${slug}${intBetween(rng, 1, 9999)}`;
      while (domains.has(`${slug}.onmicrosoft.com`)) slug = `${slug}${intBetween(rng, 0, 9)}`;
      const mcaRoll = rng();
      const mca: McaState = mcaRoll < 0.4 ? 'none' : mcaRoll < 0.75 ? 'partner' : 'direct';
      rec = {
        index: i, id: guid(rng), companyName: name, nameLower: name.toLowerCase(), domain: `${slug}.onmicrosoft.com`,
        localeKey: locale.key, relationship: rng() < 0.93 ? 'reseller' : 'advisor', directSigned: mca === 'direct',
        seedMcaRecords: mca === 'partner' ? (rng() < 0.75 ? 1 : 2) : 0,
        seedCloudRecords: rng() < 0.15 ? 1 : 0,
      };
    }
    if (wk && i >= FIRST_WELL_KNOWN) {
      // A later well-known customer replaces the generated one at its place, after the generator
      // made it: every other generated customer (name, domain, details) stays as it was.
      domains.add(rec.domain);
      replaced.push(rec.domain);
      rec = {
        index: i, id: wk.id, companyName: wk.companyName, nameLower: wk.companyName.toLowerCase(), domain: wk.domain,
        localeKey: wk.localeKey, relationship: 'reseller', directSigned: wk.directSigned,
        seedMcaRecords: 0, seedCloudRecords: 0, agreements: wk.agreements.map((a) => ({ ...a, primaryContact: { ...a.primaryContact } })), wellKnown: wk,
      };
    }
    domains.add(rec.domain);
    customers.push(rec);
    byId.set(rec.id, rec);
  }
  for (const domain of replaced) domains.delete(domain);
  return { customers, byId, domains };
}

/**
 * The well-known customers placed before the generator starts (issues 1–12). Later ones (issue 13's
 * earlier-version customers) take the place of a generated customer, so adding them changed no
 * other customer of any seed.
 */
const FIRST_WELL_KNOWN = 7;

function localeOf(rec: CustomerRecord): Locale {
  return localeByKey(rec.localeKey);
}

function slugDomain(rec: CustomerRecord): string {
  return rec.domain;
}

function phone(rng: Rng, locale: Locale): string {
  return `${locale.phonePrefix} ${intBetween(rng, 100, 999)} ${intBetween(rng, 1000, 9999)}`;
}

export function detailsOf(seed: number, rec: CustomerRecord): CustomerDetails {
  if (rec.details) return rec.details;
  const rng = mulberry32(mixSeed(seed, rec.index, 0x5eed));
  const locale = localeOf(rec);
  const first = pick(rng, locale.firstNames);
  const last = pick(rng, locale.lastNames);
  const contact = rec.wellKnown
    ? { ...rec.wellKnown.contact }
    : {
        firstName: first[0],
        lastName: last[0],
        email: `${asciiSlug(first[1]) || 'admin'}.${asciiSlug(last[1]) || 'contact'}@${slugDomain(rec)}`,
        phoneNumber: phone(rng, locale),
      };
  const city = pick(rng, locale.cities);
  const street = pick(rng, locale.streets);
  rec.details = {
    commerceId: guid(rng),
    billingProfileId: guid(rng),
    etag: String(-Math.floor(rng() * 9e18) || 1),
    contact,
    address: {
      country: locale.country,
      region: locale.country === 'US' ? 'WA' : '',
      city: city[0],
      addressLine1: /\d/.test(street[0]) ? street[0] : locale.country === 'FR' || locale.country === 'US' || locale.country === 'GB' ? `${intBetween(rng, 1, 240)} ${street[0]}` : `${street[0]} ${intBetween(rng, 1, 240)}`,
      postalCode: String(intBetween(rng, 10000, 99999)),
      phoneNumber: contact.phoneNumber,
    },
    culture: locale.culture,
    language: locale.language,
    companyEmail: `info@${rec.domain}`,
  };
  return rec.details;
}

const MCA_FROM = Date.UTC(2019, 7, 1);
const MCA_MID = Date.UTC(2024, 0, 1);
const MCA_TO = Date.UTC(2025, 10, 30);
const CLOUD_FROM = Date.UTC(2016, 0, 1);
const CLOUD_TO = Date.UTC(2019, 6, 31);

/** The customer's agreement records (seeded ones materialised on first use, then mutable). */
export function agreementsOf(seed: number, rec: CustomerRecord): AgreementRecord[] {
  if (rec.agreements) return rec.agreements;
  const rng = mulberry32(mixSeed(seed, rec.index, 0xa9ee));
  const details = detailsOf(seed, rec);
  const locale = localeOf(rec);
  const list: AgreementRecord[] = [];
  const contactFor = (): Contact => {
    if (rng() < 0.7) return { ...details.contact };
    const f = pick(rng, locale.firstNames);
    const l = pick(rng, locale.lastNames);
    const c: Contact = { firstName: f[0], lastName: l[0], email: `${asciiSlug(f[1]) || 'user'}.${asciiSlug(l[1]) || 'contact'}@${rec.domain}` };
    if (rng() < 0.6) c.phoneNumber = phone(rng, locale);
    return c;
  };
  const user = () => pick(rng, PARTNER_USERS).userId;
  for (let i = 0; i < rec.seedCloudRecords; i++) {
    list.push({ userId: user(), primaryContact: contactFor(), templateId: MCLOUDA_TEMPLATE_ID, dateAgreed: docDate(rng, CLOUD_FROM, CLOUD_TO), type: MCLOUDA_TYPE, agreementLink: MCLOUDA_LINK });
  }
  for (let i = 0; i < rec.seedMcaRecords; i++) {
    const [from, to] = i === 0 ? [MCA_FROM, MCA_MID] : [MCA_MID, MCA_TO];
    list.push({ userId: user(), primaryContact: contactFor(), templateId: MCA_TEMPLATE_ID, dateAgreed: docDate(rng, from, to), type: MCA_TYPE, agreementLink: MCA_LINK });
  }
  rec.agreements = list;
  return list;
}

/** Agreement record count without materialising anything. */
export function agreementCount(rec: CustomerRecord): number {
  return rec.agreements ? rec.agreements.length : rec.seedMcaRecords + rec.seedCloudRecords;
}

export function hasMcaConfirmation(seed: number, rec: CustomerRecord): boolean {
  if (rec.directSigned) return true;
  if (!rec.agreements) return rec.seedMcaRecords > 0;
  // An acceptance of an earlier version of the MCA does not count (UNVERIFIED: README).
  return agreementsOf(seed, rec).some((a) => a.type === MCA_TYPE && a.templateId !== MCA_EARLIER_TEMPLATE_ID);
}

export { LOCALES };
