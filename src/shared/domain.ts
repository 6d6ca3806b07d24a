import { z } from 'zod';
import { savedNewCustomerPayloadSchema } from './new-customer';

/**
 * The domain as the UI sees it. Times are ISO-8601 UTC strings; calendar dates are YYYY-MM-DD.
 */

/** What the app knows about a customer's Microsoft Customer Agreement, most decisive first. */
export const mcaStatusSchema = z.enum([
  'needs-attention', // a local confirmation was rejected by Partner Center
  'pending-sync', // a local confirmation waits in the queue
  'waiting-for-customer', // an acceptance request waits for the customer to accept on Microsoft's page
  'confirmed', // Partner Center holds a partner confirmation
  'accepted-by-customer', // the customer signed directly in the Microsoft 365 admin center
  'not-confirmed', // Partner Center holds neither
  'not-verified', // never read from Partner Center yet (e.g. cached while offline)
]);
export type McaStatus = z.infer<typeof mcaStatusSchema>;

export const contactSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const customerSummarySchema = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  mcaStatus: mcaStatusSchema,
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** A partner confirmation as Partner Center holds it (or as this app sent it). */
export const agreementRecordSchema = z.object({
  contact: contactSchema,
  dateAgreed: z.string(),
  templateId: z.string(),
  /** Partner user (object id) who confirmed, when Partner Center says so. */
  userId: z.string().optional(),
});
export type AgreementRecord = z.infer<typeof agreementRecordSchema>;

/**
 * What the operator had in front of them when saving a confirmation: the customer's partner
 * records and direct acceptance as last read from Partner Center, and when. A record found at
 * sending time that is not in here is one the operator did not see ("Already confirmed").
 */
export const operatorViewSchema = z.object({
  /** The records' identities (contact, date, template), newest first. */
  records: z.array(agreementRecordSchema),
  /** Null: never read. */
  directlySigned: z.boolean().nullable(),
  /** When the status was read; null when it never was (saved offline on a customer never verified). */
  readAt: z.string().nullable(),
});
export type OperatorView = z.infer<typeof operatorViewSchema>;

export const queueStateSchema = z.enum([
  'queued',
  'sending',
  /** An acceptance request: created at Partner Center, the customer has not accepted yet. */
  'waiting-for-customer',
  'confirmed',
  'already-confirmed',
  'needs-attention',
  'discarded',
]);
export type QueueState = z.infer<typeof queueStateSchema>;

export const syncErrorSchema = z.object({
  message: z.string(),
  /** create-customer: the wizard fields Partner Center refused (e.g. company.domainPrefix). */
  fields: z.array(z.string()).optional(),
  httpStatus: z.number().int().optional(),
  partnerCenterCode: z.string().optional(),
  correlationId: z.string().optional(),
  requestId: z.string().optional(),
});
export type SyncError = z.infer<typeof syncErrorSchema>;

/**
 * How the customer accepts in an acceptance request: on Microsoft's page, from an attestation the
 * partner created (the enhanced attestation API), or directly in the Microsoft 365 admin center.
 */
export const acceptanceWaySchema = z.enum(['attestation', 'admin-center']);
export type AcceptanceWay = z.infer<typeof acceptanceWaySchema>;

/** What the customer answered, as Partner Center last said. */
export const customerAnswerSchema = z.enum(['pending', 'accepted', 'declined', 'expired']);
export type CustomerAnswer = z.infer<typeof customerAnswerSchema>;

/**
 * An acceptance request ("Request acceptance"): its steps are create the attestation → wait for
 * the customer → create the agreement from the attestation → verify. The signatory is the item's
 * `contact`; when accepted, `dateAgreed` is the day of the acceptance.
 */
export const acceptanceRequestSchema = z.object({
  way: acceptanceWaySchema,
  companyName: z.string(),
  /** ISO 3166-1 alpha-2. */
  country: z.string(),
  /** The agreement's language (e.g. fr, de-DE). */
  language: z.string(),
  step: z.enum(['create-attestation', 'wait-for-customer', 'create-agreement']),
  attestationId: z.string().nullable(),
  /** The link the customer accepts on (Microsoft's page, or the admin center's for way admin-center). */
  acceptanceUrl: z.string().nullable(),
  /** When the request reached Partner Center (the attestation was created, or the watch began). */
  requestedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  customerAnswer: customerAnswerSchema.nullable(),
  /** When the customer accepted (or declined). */
  answeredAt: z.string().nullable(),
  lastCheckedAt: z.string().nullable(),
  /** The operator who created the request. */
  requestedBy: z.string(),
});
export type AcceptanceRequest = z.infer<typeof acceptanceRequestSchema>;

export const queueItemSchema = z.object({
  id: z.string(),
  /**
   * confirm-acceptance: a partner confirmation; create-customer: a new customer made offline;
   * acceptance-request: the customer accepts on Microsoft's page (or in the admin center).
   */
  kind: z.enum(['confirm-acceptance', 'create-customer', 'acceptance-request']),
  /** The tenant id; for a customer not created yet, `local:<id>` until Partner Center gives one. */
  customerId: z.string(),
  companyName: z.string(),
  /** Who accepted (confirm-acceptance) or the primary contact (create-customer). */
  contact: contactSchema,
  /** The date of acceptance; null for create-customer items. */
  dateAgreed: z.string().nullable(),
  /** create-customer: the domain asked for and the whole entry (for "edit and retry"). */
  newCustomer: z.object({ domain: z.string(), country: z.string(), input: savedNewCustomerPayloadSchema }).nullable(),
  /** The item this one waits for (a confirmation waits for its customer's creation). */
  dependsOn: z.string().nullable(),
  state: queueStateSchema,
  attempts: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  lastError: syncErrorSchema.nullable(),
  /** Why the operator discarded it (state discarded only). */
  discardReason: z.string().nullable(),
  /** What Partner Center holds for it (confirmed: the created record; already-confirmed: the one found). */
  serverRecord: agreementRecordSchema.nullable(),
  /** confirm-acceptance: what the operator saw when saving (null for items saved before MCA Desk kept it). */
  operatorView: operatorViewSchema.nullable(),
  /** The operator chose "Send anyway" on an already-confirmed item: records they did not see no longer hold it back. */
  sendAnyway: z.boolean(),
  /** acceptance-request: its steps and what the customer answered. */
  request: acceptanceRequestSchema.nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

/** One try at sending a queue item, kept as its history. */
export const attemptSchema = z.object({
  at: z.string(),
  /** `notice`: something the operator should know that changes no state (a record that appeared meanwhile). */
  outcome: z.enum(['confirmed', 'already-confirmed', 'retry-scheduled', 'needs-attention', 'waiting', 'operator', 'notice']),
  /**
   * Why, as a code the UI words: created, found-after-interruption, found-same-contact,
   * partner-record-exists, accepted-directly, already-exists-600061 (terminal ones); offline,
   * throttled, sign-in-needed, date-not-started, interrupted (waiting); rejected, failed, gave-up
   * (errors); retried, edited, discarded, send-anyway (operator actions); record-appeared-meanwhile
   * (notice).
   */
  reason: z.string(),
  /** Next try (retry-scheduled) or end of the wait (waiting), when known. */
  until: z.string().nullable(),
  error: syncErrorSchema.nullable(),
  /** The Partner Center record the attempt is about (already-confirmed: the one found; notice: the one that appeared). */
  record: agreementRecordSchema.nullable(),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** One line of the append-only activity log. */
export const activityEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** 'operator:<name>' or 'sync'. */
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const syncSettingsSchema = z.object({
  /** How many items are sent at once (never two for one customer). */
  parallelism: z.number().int().min(1).max(16),
  /** Stop retrying an item that keeps failing for this long, then ask the operator. */
  maxRetryHours: z.number().min(1).max(24 * 14),
});
export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const queueCountsSchema = z.object({
  discarded: z.number().int(),
  queued: z.number().int(),
  sending: z.number().int(),
  waitingForCustomer: z.number().int(),
  confirmed: z.number().int(),
  alreadyConfirmed: z.number().int(),
  needsAttention: z.number().int(),
});
export type QueueCounts = z.infer<typeof queueCountsSchema>;

export const customerDetailSchema = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  relationship: z.string().nullable(),
  /** ISO 3166-1 alpha-2 of the company address, once read by id. */
  country: z.string().nullable(),
  /** The customer's language (billing profile language or culture), once read by id. */
  language: z.string().nullable(),
  /** Null until the customer has been read by id from Partner Center. */
  primaryContact: contactSchema.nullable(),
  mca: z.object({
    status: mcaStatusSchema,
    /** Confirmations on Partner Center, newest first. */
    partnerRecords: z.array(agreementRecordSchema),
    directlySigned: z.boolean().nullable(),
    /** The newest local confirmation that has not reached a terminal state, if any. */
    pending: queueItemSchema.nullable(),
    lastVerifiedAt: z.string().nullable(),
    /** Confirmed, but the latest record is on an earlier template than Partner Center's current one ("Earlier version"). */
    earlierVersion: z.boolean().optional(),
  }),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const connectivitySchema = z.object({
  /** What the operator chose with "Work offline". */
  workOffline: z.boolean(),
  /** Whether Partner Center answered the last probe or request. */
  reachable: z.boolean(),
  /** The effective state: online = !workOffline && reachable. */
  online: z.boolean(),
  lastCheckedAt: z.string().nullable(),
});
export type Connectivity = z.infer<typeof connectivitySchema>;

export const syncStatusSchema = z.object({
  counts: queueCountsSchema,
  running: z.boolean(),
  /** Why the queue is not sending right now, if it is not. */
  waiting: z
    .discriminatedUnion('reason', [
      z.object({ reason: z.literal('offline') }),
      z.object({ reason: z.literal('sign-in-needed') }),
      /** Acceptance requests need the partner's web app (its id and key), missing or refused. */
      z.object({ reason: z.literal('app-credential-needed') }),
      z.object({ reason: z.literal('throttled'), until: z.string() }),
    ])
    .nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const refreshProgressSchema = z.object({
  /** 'indexing': a first load builds its search index (done of total: customers indexed). */
  phase: z.enum(['customers', 'indexing', 'statuses', 'done', 'failed', 'cancelled']),
  done: z.number().int(),
  total: z.number().int().nullable(),
  message: z.string().optional(),
  /** With 'done': how many agreement statuses were read. */
  statuses: z.number().int().optional(),
});
export type RefreshProgress = z.infer<typeof refreshProgressSchema>;

export const roleSchema = z.enum(['AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'BillingAdmin', 'GlobalAdmin']);
export type Role = z.infer<typeof roleSchema>;

export const cloudSchema = z.enum(['public', 'china', 'usgov', 'germany']);
export type Cloud = z.infer<typeof cloudSchema>;
export const environmentSchema = z.enum(['built-in-sandbox', 'production', 'integration-sandbox']);
export type Environment = z.infer<typeof environmentSchema>;

/** The profile a fresh install opens on (its name is shown in the operator's language). */
export const BUILT_IN_PROFILE_ID = 'sandbox';
export const BUILT_IN_PROFILE_NAME = 'Built-in sandbox';

/** A cloud + a partner account + an environment, with its own database. */
export const profileSchema = z.object({
  id: z.string(),
  name: z.string(),
  cloud: cloudSchema,
  environment: environmentSchema,
  /** True for the built-in sandbox and Partner Center integration sandbox accounts. */
  isSandbox: z.boolean(),
  /** The partner's tenant (domain or id); null for the built-in sandbox. */
  partnerTenant: z.string().nullable(),
  /** Built-in sandbox only: the role its sandbox user signs in with. */
  sandboxRole: roleSchema.nullable(),
  /**
   * How the profile signs in: 'automatic' (built-in sandbox: no browser), or 'entra' (Microsoft
   * Entra ID through MSAL in the system browser; for a built-in sandbox, against the emulator's
   * own OIDC endpoints, so the real MSAL code path runs without a Microsoft account).
   */
  signInMode: z.enum(['automatic', 'entra']).default('automatic'),
  /** The client (application) id of the partner's native app registration (entra). */
  clientId: z.string().nullable().default(null),
  /**
   * How this profile gets an acceptance on record: 'customer-acceptance' (a request the customer
   * accepts on Microsoft's page, Partner Center's way since January 2026) or
   * 'partner-confirmation' (the partner types who accepted). Null: the environment's default
   * (see confirmationMethodOf).
   */
  confirmationMethod: z.enum(['customer-acceptance', 'partner-confirmation']).nullable().default(null),
  /**
   * The application id of the partner's web app (Partner Center → Account settings → App
   * management → Web app), for the app-only attestation calls. Its key is kept by the OS, never here.
   */
  webAppId: z.string().nullable().default(null),
});
export type Profile = z.infer<typeof profileSchema>;
export type ConfirmationMethod = NonNullable<Profile['confirmationMethod']>;

/**
 * The method a profile uses: its own choice, else customer acceptance in production (partner
 * confirmation was retired there on 5 January 2026) and partner confirmation in sandboxes (the
 * built-in one accepts it).
 */
export function confirmationMethodOf(profile: Pick<Profile, 'confirmationMethod' | 'environment'>): ConfirmationMethod {
  return profile.confirmationMethod ?? (profile.environment === 'production' ? 'customer-acceptance' : 'partner-confirmation');
}

/** Whether acceptance requests can be sent: the partner's web app (id and key), or one the emulator provides. */
export const appCredentialStateSchema = z.object({
  /** built-in: the emulator provides it; ready: id and key kept; missing: not set up; refused: Entra ID refused the key. */
  state: z.enum(['built-in', 'ready', 'missing', 'refused']),
  webAppId: z.string().nullable(),
  kind: z.enum(['secret', 'certificate']).nullable(),
  /** Whether the key survives a restart (OS-protected storage) or lives in memory only. */
  persisted: z.boolean(),
});
export type AppCredentialState = z.infer<typeof appCredentialStateSchema>;

export const authStateSchema = z.object({
  state: z.enum(['signed-in', 'signed-out', 'signing-in', 'offline', 'sign-in-needed']),
  /** Why sign-in is needed or failed, when known. */
  /** role-unknown: signed in, but the Partner Center role could not be read (Graph); the last known one is kept. */
  problem: z.enum(['mfa-required', 'expired', 'revoked', 'cancelled', 'timed-out', 'not-configured', 'failed', 'role-unknown']).nullable(),
  /** Whether tokens survive a restart (OS-protected storage) or live in memory only. */
  tokensPersisted: z.boolean(),
});
export type AuthState = z.infer<typeof authStateSchema>;

export const sessionSchema = z.object({
  profile: profileSchema,
  user: z.object({ displayName: z.string(), role: roleSchema }).nullable(),
  /** The MCA features exist here: public cloud only. */
  mcaAvailable: z.boolean(),
  /** May confirm, create customers and order: Admin agent or Sales agent, MCA available. */
  canConfirm: z.boolean(),
  /** Why the account panel is read-only, when it is. */
  readOnlyReason: z.enum(['cloud', 'role', 'signed-out']).nullable(),
  auth: authStateSchema,
  /** The profile's way to get an acceptance on record (what the order prompt and the wizard offer). */
  confirmationMethod: z.enum(['customer-acceptance', 'partner-confirmation']),
  appCredential: appCredentialStateSchema,
  locale: z.string(),
  cachedCustomers: z.number().int(),
});
export type Session = z.infer<typeof sessionSchema>;

/** A subscription as the account panel lists it. */
export const subscriptionSummarySchema = z.object({
  id: z.string(),
  offerId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  status: z.string(),
  /** License-based subscriptions have a quantity an operator can change. */
  licenseBased: z.boolean(),
});
export type SubscriptionSummary = z.infer<typeof subscriptionSummarySchema>;

export const offerSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  minimumQuantity: z.number().int(),
  maximumQuantity: z.number().int(),
});
export type OfferSummary = z.infer<typeof offerSummarySchema>;

/** Initial admin credentials of a customer just created: in memory only, shown once. */
export const customerCredentialsSchema = z.object({ customerId: z.string(), companyName: z.string(), userName: z.string(), password: z.string() });
export type CustomerCredentials = z.infer<typeof customerCredentialsSchema>;

// Coverage (issue 13): how many customers have an acceptance on record, and who still blocks orders.

/**
 * Customers by displayed status (each counted once: the seven statuses partition the total), and
 * of the confirmed ones, those whose latest record is on an earlier template than the current one.
 */
export const coverageCountsSchema = z.object({
  total: z.number().int(),
  confirmed: z.number().int(),
  acceptedByCustomer: z.number().int(),
  notConfirmed: z.number().int(),
  pendingSync: z.number().int(),
  waitingForCustomer: z.number().int(),
  needsAttention: z.number().int(),
  notVerified: z.number().int(),
  earlierVersion: z.number().int(),
});
export type CoverageCounts = z.infer<typeof coverageCountsSchema>;

/** The lists of the Coverage view: no acceptance on record yet, or one on an earlier template. */
export const coverageGroupSchema = z.enum(['not-confirmed', 'earlier-version']);
export type CoverageGroup = z.infer<typeof coverageGroupSchema>;

export const coverageRowSchema = z.object({
  id: z.string(),
  companyName: z.string(),
  domain: z.string(),
  mcaStatus: mcaStatusSchema,
  /** From the subscriptions last read for the customer; null when they never were. */
  hasSubscriptions: z.boolean().nullable(),
  /** The newest partner record on Partner Center, when there is one. */
  latestRecord: z.object({ dateAgreed: z.string(), templateId: z.string() }).nullable(),
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

/** Why a customer of a bulk request cannot be asked: no e-mail known, a request already open, … */
export const bulkRequestBlockSchema = z.enum(['no-contact', 'invalid-request', 'open-item', 'on-record', 'not-found']);
export type BulkRequestBlock = z.infer<typeof bulkRequestBlockSchema>;

/** What a bulk "Request acceptance" will queue, and who it cannot ask and why. */
export const bulkRequestPlanSchema = z.object({
  ready: z.array(z.object({ customerId: z.string(), companyName: z.string(), signatory: z.string(), email: z.string(), country: z.string(), language: z.string() })),
  blocked: z.array(z.object({ customerId: z.string(), companyName: z.string(), reason: bulkRequestBlockSchema, fields: z.array(z.string()) })),
});
export type BulkRequestPlan = z.infer<typeof bulkRequestPlanSchema>;
