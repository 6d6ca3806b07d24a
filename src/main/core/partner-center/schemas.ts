import { z } from 'zod';

/*
 * Wire formats of the Partner Center REST API, as documented in ../shared/partner-center-api.md.
 *
 * Policy: strict on the fields the app relies on (ids, names, contact, dates, template ids), lenient
 * only where the docs show the field varies between examples (`links`, `attributes`, `userId`,
 * `agreementLink`, error-body extras). Unknown keys are stripped (zod's default), so a new field
 * Partner Center adds tomorrow does not break parsing.
 */

// ---------------------------------------------------------------------------------------------
// Envelope pieces

/** `{key, value}` header pair inside a link; `MS-ContinuationToken` travels this way (§1.4). */
export const linkHeaderSchema = z.object({ key: z.string().min(1), value: z.string() });

/** A `Link{uri, method, headers[]}` (§1.4). Some examples omit `method`/`headers`. */
export const linkSchema = z.object({
  uri: z.string().min(1),
  method: z.string().optional(),
  headers: z.array(linkHeaderSchema).optional(),
});
export type Link = z.infer<typeof linkSchema>;

export const collectionLinksSchema = z.object({
  self: linkSchema.optional(),
  next: linkSchema.optional(),
  previous: linkSchema.optional(),
});

/** `attributes` is informational (`objectType`, `etag`); never relied upon. */
export const attributesSchema = z.object({
  objectType: z.string().optional(),
  etag: z.string().optional(),
});

/**
 * The collection envelope (§1.4). `links` and `attributes` are optional because some doc
 * examples omit them (agreement metadata, customer agreements).
 */
export function collectionSchema<T extends z.ZodType>(item: T) {
  return z.object({
    totalCount: z.number().int().nonnegative(),
    items: z.array(item),
    links: collectionLinksSchema.optional(),
    attributes: attributesSchema.optional(),
  });
}

// ---------------------------------------------------------------------------------------------
// Customers (§4)

const companyProfileCoreSchema = z.object({
  tenantId: z.string().min(1),
  domain: z.string().min(1),
  companyName: z.string(),
});

/** A customer as it appears in `GET /v1/customers` (§4.1: only id, company profile, relationship). */
export const customerListItemSchema = z.object({
  id: z.string().min(1),
  companyProfile: companyProfileCoreSchema,
  relationshipToPartner: z.string(),
  links: z.record(z.string(), z.unknown()).optional(),
  attributes: attributesSchema.optional(),
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;

export const customerListSchema = collectionSchema(customerListItemSchema);
export type CustomerList = z.infer<typeof customerListSchema>;

/** Address fields are display-only and vary by country, hence all optional. */
export const addressSchema = z.object({
  country: z.string().optional(),
  region: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  postalCode: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  phoneNumber: z.string().optional(),
});

/**
 * The billing profile carries the primary contact shown in the account panel. Partner Center
 * does not document which of its fields are always filled, so the contact fields are optional
 * and the panel shows what is there.
 */
export const billingProfileSchema = z.object({
  id: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  culture: z.string().optional(),
  language: z.string().optional(),
  companyName: z.string().optional(),
  defaultAddress: addressSchema.optional(),
  attributes: attributesSchema.optional(),
});

/** `GET /v1/customers/{id}` (§4.3). */
export const customerSchema = z.object({
  id: z.string().min(1),
  commerceId: z.string().optional(),
  companyProfile: companyProfileCoreSchema.extend({
    address: addressSchema.optional(),
    email: z.string().optional(),
  }),
  billingProfile: billingProfileSchema.optional(),
  relationshipToPartner: z.string(),
  allowDelegatedAccess: z.boolean().optional(),
  customDomains: z.array(z.string()).optional(),
  associatedPartnerId: z.string().optional(),
  attributes: attributesSchema.optional(),
});
export type Customer = z.infer<typeof customerSchema>;

// ---------------------------------------------------------------------------------------------
// Agreements (§2)

/** `agreementType` values; Microsoft may add more (§2.1), so responses accept any string. */
export const KNOWN_AGREEMENT_TYPES = ['MicrosoftCustomerAgreement', 'MicrosoftCloudAgreement'] as const;
export type KnownAgreementType = (typeof KNOWN_AGREEMENT_TYPES)[number];
/** What a caller may ask for: a known type, or `*` (all types). */
export type AgreementTypeQuery = KnownAgreementType | '*';

/** One item of `GET /v1/agreements` (§2.1). The JSON uses `agreementType`, not `type`. */
export const agreementMetadataSchema = z.object({
  templateId: z.string().min(1),
  agreementType: z.string().min(1),
  agreementLink: z.string().optional(),
  versionRank: z.number().int().optional(),
});
export type AgreementMetadata = z.infer<typeof agreementMetadataSchema>;
export const agreementMetadataListSchema = collectionSchema(agreementMetadataSchema);

export const contactSchema = z.object({
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  email: z.string().min(1),
  phoneNumber: z.string().optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/*
 * Partner Center returns `dateAgreed` sometimes with `Z`, sometimes without (§2.2, §8), and .NET
 * services may send up to 7 fractional digits. The docs call it a UTC date-time, so a missing
 * offset means UTC. We normalise to `YYYY-MM-DDTHH:mm:ss.sssZ` so callers compare like with like.
 */
const DATE_TIME_RE =
  /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:\d{2})?$/i;

export function normaliseUtcDateTime(value: string): string | undefined {
  const m = DATE_TIME_RE.exec(value.trim());
  if (!m) return undefined;
  const [, date, hm = '00:00', sec = '00', frac = '', zone = 'Z'] = m;
  const ms = (frac + '000').slice(0, 3);
  const parsed = new Date(`${date}T${hm}:${sec}.${ms}${zone.toUpperCase()}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

export const utcDateTimeSchema = z.string().transform((value, ctx) => {
  const normalised = normaliseUtcDateTime(value);
  if (normalised === undefined) {
    ctx.addIssue({ code: 'custom', message: `not an ISO-8601 date-time: ${value}` });
    return z.NEVER;
  }
  return normalised;
});

/** An agreement (confirmation) record (§2.2; the POST answer of §2.5 adds `userId`). */
export const agreementSchema = z.object({
  userId: z.string().optional(),
  primaryContact: contactSchema,
  templateId: z.string().min(1),
  dateAgreed: utcDateTimeSchema,
  type: z.string().min(1),
  agreementLink: z.string().optional(),
});
export type Agreement = z.infer<typeof agreementSchema>;
export const agreementListSchema = collectionSchema(agreementSchema);

/** `GET .../directSignedMicrosoftCustomerAgreementStatus` (§2.3). */
export const directSignedStatusSchema = z.object({ isSigned: z.boolean() });
export type DirectSignedStatus = z.infer<typeof directSignedStatusSchema>;

/** Body of `POST /v1/customers/{id}/agreements` (§2.5). `userId`/`agreementLink` are not sent. */
export const createAgreementRequestSchema = z.object({
  primaryContact: contactSchema,
  templateId: z.string().min(1),
  /** ISO-8601 UTC, e.g. `2018-06-14T00:00:00.000Z`; never later than Partner Center's "now". */
  dateAgreed: z.string().min(1),
  type: z.string().min(1),
});
export type CreateAgreementRequest = z.infer<typeof createAgreementRequestSchema>;

// ---------------------------------------------------------------------------------------------
// Create customer (§4.4)

/** `billingProfile.defaultAddress` of a new customer; limits from `utility-resources.md` (§4.4). */
export interface CreateCustomerAddress {
  /** 1–50 characters. */
  firstName: string;
  /** 1–50 characters. */
  lastName: string;
  /** 1–200 characters. */
  addressLine1: string;
  /** 0–200 characters. */
  addressLine2?: string;
  city: string;
  /** 0–2 characters (e.g. `WA`). */
  state?: string;
  /** Not every country has postal codes. */
  postalCode?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Mandatory in REGISTRATION_COUNTRIES (src/shared/new-customer.ts) (600051). */
  phoneNumber?: string;
}

/** Body of `POST /v1/customers` (§4.4), camelCase. */
export interface CreateCustomerRequest {
  companyProfile: {
    /** `<name>.onmicrosoft.com`; check with `isDomainAvailable` first (409 if taken). */
    domain: string;
    /** Mandatory in REGISTRATION_COUNTRIES (src/shared/new-customer.ts) (600049). */
    organizationRegistrationNumber?: string;
  };
  billingProfile: {
    email: string;
    /** e.g. `en-US`. */
    culture: string;
    /** Two letters, e.g. `en`. */
    language: string;
    companyName: string;
    defaultAddress: CreateCustomerAddress;
  };
}

/**
 * The initial admin credentials of the new customer tenant, shown once in the create answer.
 * Show them to the user and let them go: NEVER persist, log or queue the password.
 */
export const userCredentialsSchema = z.object({
  userName: z.string().min(1),
  password: z.string().min(1),
});

/** The 201 answer of `POST /v1/customers`: the Customer plus `userCredentials`. */
export const createdCustomerSchema = customerSchema.extend({ userCredentials: userCredentialsSchema });
export type CreatedCustomer = z.infer<typeof createdCustomerSchema>;

// ---------------------------------------------------------------------------------------------
// Offers (`GET /v1/offers?country=`; not in partner-center-api.md, shape as the emulator serves it)

export const offerSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  minimumQuantity: z.number().int(),
  maximumQuantity: z.number().int(),
  rank: z.number().int().optional(),
  uri: z.string().optional(),
  locale: z.string().optional(),
  country: z.string().optional(),
  category: z.object({ id: z.string(), name: z.string() }).partial().optional(),
  billing: z.string().optional(),
  isAddOn: z.boolean().optional(),
  isAvailableForPurchase: z.boolean().optional(),
  links: z.record(z.string(), z.unknown()).optional(),
  attributes: attributesSchema.optional(),
});
export type Offer = z.infer<typeof offerSchema>;
export const offerListSchema = collectionSchema(offerSchema);

// ---------------------------------------------------------------------------------------------
// Orders (§5.1)

/** Billing cycles of license-based offers. */
export type BillingCycle = 'monthly' | 'annual';

export interface OrderLineItemRequest {
  /** 0..n-1 within the order. */
  lineItemNumber: number;
  offerId: string;
  quantity: number;
  friendlyName?: string;
}

/** Body of `POST /v1/customers/{id}/orders` (§5.1), the fields this app uses. */
export interface CreateOrderRequest {
  lineItems: OrderLineItemRequest[];
  billingCycle?: BillingCycle;
}

export const orderLineItemSchema = z.object({
  lineItemNumber: z.number().int().nonnegative(),
  offerId: z.string().min(1),
  quantity: z.number().int(),
  subscriptionId: z.string().optional(),
  friendlyName: z.string().optional(),
  links: z.record(z.string(), z.unknown()).optional(),
});

/** The 201 answer of an order (§5.1): `status` is `pending` until provisioning completes. */
export const orderSchema = z.object({
  id: z.string().min(1),
  referenceCustomerId: z.string().optional(),
  billingCycle: z.string().optional(),
  lineItems: z.array(orderLineItemSchema),
  creationDate: utcDateTimeSchema.optional(),
  status: z.string().min(1),
  links: z.record(z.string(), z.unknown()).optional(),
  attributes: attributesSchema.optional(),
});
export type Order = z.infer<typeof orderSchema>;

// ---------------------------------------------------------------------------------------------
// Subscriptions (§5.2)

/**
 * A subscription. Unlike other resources, unknown keys are KEPT (and dates left as sent): the
 * quantity PATCH must send the full resource back (§5.2), so we must not drop what Partner
 * Center added that this schema does not know.
 */
export const subscriptionSchema = z.looseObject({
  id: z.string().min(1),
  offerId: z.string().min(1),
  offerName: z.string().optional(),
  friendlyName: z.string().optional(),
  quantity: z.number().int(),
  /** e.g. `Licenses`. */
  unitType: z.string().optional(),
  /** e.g. `active`, `suspended`, `deleted`, `pending`. */
  status: z.string().min(1),
  /** e.g. `license`, `usage`. */
  billingType: z.string().optional(),
  billingCycle: z.string().optional(),
  contractType: z.string().optional(),
  autoRenewEnabled: z.boolean().optional(),
  creationDate: z.string().optional(),
  effectiveStartDate: z.string().optional(),
  commitmentEndDate: z.string().optional(),
  orderId: z.string().optional(),
  links: z.record(z.string(), z.unknown()).optional(),
  /** `etag` is what the quantity PATCH must send back (2055 when stale). */
  attributes: z.looseObject({ objectType: z.string().optional(), etag: z.string().optional() }).optional(),
});
export type Subscription = z.infer<typeof subscriptionSchema>;
export const subscriptionListSchema = collectionSchema(subscriptionSchema);

// ---------------------------------------------------------------------------------------------
// Errors (§1.5, §7)

/** Partner Center error codes are strings in the generic schema and numbers on agreement calls. */
export const errorCodeSchema = z
  .union([z.string().min(1), z.number().int()])
  .transform((code) => String(code));

/** The documented generic error envelope (`error-codes.md`). */
export const genericErrorBodySchema = z.object({
  code: errorCodeSchema,
  description: z.string(),
  data: z.array(z.unknown()).optional(),
  source: z.string().optional(),
});

/** The richer agreement-endpoint error body (§1.5); `code` may be a number. */
export const agreementErrorBodySchema = z
  .object({
    code: errorCodeSchema,
    message: z.string().optional(),
    description: z.string().optional(),
    errorName: z.string().optional(),
    isRetryable: z.boolean().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    errorMessageExtended: z.string().optional(),
  })
  .refine((b) => b.message !== undefined || b.description !== undefined, {
    message: 'error body has neither message nor description',
  });

/** The throttling body (§7): `{ statusCode: 429, message: "… Try again in 57 seconds." }`. */
export const throttledBodySchema = z.object({
  statusCode: z.number().int(),
  message: z.string(),
});

/** Every error body we understand, normalised to one shape. */
export type PartnerCenterErrorBody = {
  code?: string;
  description?: string;
  errorName?: string;
  isRetryable?: boolean;
};

export function parseErrorBody(json: unknown): PartnerCenterErrorBody | undefined {
  const agreement = agreementErrorBodySchema.safeParse(json);
  if (agreement.success) {
    const b = agreement.data;
    return {
      code: b.code,
      description: b.description ?? b.message,
      errorName: b.errorName,
      isRetryable: b.isRetryable,
    };
  }
  const generic = genericErrorBodySchema.safeParse(json);
  if (generic.success) return { code: generic.data.code, description: generic.data.description };
  const throttled = throttledBodySchema.safeParse(json);
  if (throttled.success) return { description: throttled.data.message };
  return undefined;
}
