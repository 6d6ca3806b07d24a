import { z } from 'zod';
import {
  activityEntrySchema,
  attemptSchema,
  bulkRequestPlanSchema,
  coverageCountsSchema,
  coverageGroupSchema,
  coverageRowSchema,
  connectivitySchema,
  customerCredentialsSchema,
  offerSummarySchema,
  profileSchema,
  subscriptionSummarySchema,
  cloudSchema,
  environmentSchema,
  roleSchema,
  customerDetailSchema,
  customerSummarySchema,
  queueItemSchema,
  queueStateSchema,
  refreshProgressSchema,
  sessionSchema,
  syncSettingsSchema,
  syncStatusSchema,
} from './domain';
import { acceptanceInputSchema, customerIdSchema, freeText, queueItemIdSchema } from './validation';
import { acceptanceRequestInputSchema } from './acceptance-request';
import { activityChainSchema, activityExportSchema, activityRangeSchema } from './activity-log';
import { newCustomerInputSchema } from './new-customer';
import { languageChoices } from './i18n';
import { IMPORT_LIMITS, importModeSchema, importPreviewSchema, importRowsSchema } from './import-csv';
import type { Result } from './result';

/**
 * The one contract between the renderer and the main process (or the browser host).
 * To add a call: add it here first, then its function in a feature module (src/main/core/features)
 * and its line in the table of src/main/core/app-core.ts (the recipe: src/main/core/README.md); the preload,
 * the ipcMain wiring and the browser host are generated from this object.
 */
export const calls = {
  getSession: { channel: 'session:get', input: z.object({}).strict(), output: sessionSchema },
  searchCustomers: {
    channel: 'customers:search',
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    /** `total` counts matches up to 1,000; `more` is true when there are more than that. */
    output: z.object({ items: z.array(customerSummarySchema), total: z.number().int(), more: z.boolean() }),
  },
  getCustomer: {
    channel: 'customers:get',
    input: z.object({ customerId: customerIdSchema }).strict(),
    output: customerDetailSchema,
  },
  refreshCustomers: {
    channel: 'customers:refresh',
    input: z.object({}).strict(),
    output: z.object({ customers: z.number().int(), statuses: z.number().int() }),
  },
  /** Stops a running refresh after the page in flight; what was written stays, the next refresh resumes. */
  cancelRefresh: { channel: 'customers:cancel-refresh', input: z.object({}).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** The running refresh's last progress (null: none runs): a window opened midway shows it at once. */
  getRefreshProgress: { channel: 'customers:refresh-progress', input: z.object({}).strict(), output: refreshProgressSchema.nullable() },
  confirmAcceptance: {
    channel: 'confirmations:create',
    input: z.object({ customerId: customerIdSchema, acceptance: acceptanceInputSchema }).strict(),
    output: z.object({ queueItemId: z.string(), customer: customerDetailSchema }),
  },
  listQueue: {
    channel: 'queue:list',
    input: z.object({ state: queueStateSchema.optional() }).strict(),
    output: z.object({ items: z.array(queueItemSchema) }),
  },
  getQueueItemHistory: {
    channel: 'queue:history',
    input: z.object({ itemId: queueItemIdSchema }).strict(),
    output: z.object({ attempts: z.array(attemptSchema) }),
  },
  /** Needs attention → back to the queue as it is (e.g. after fixing something on Partner Center). */
  retryItem: { channel: 'queue:retry', input: z.object({ itemId: queueItemIdSchema }).strict(), output: queueItemSchema },
  /** Needs attention → corrected details, back to the queue; the earlier details stay on record. */
  editAndRetryItem: {
    channel: 'queue:edit-and-retry',
    input: z.object({ itemId: queueItemIdSchema, acceptance: acceptanceInputSchema }).strict(),
    output: queueItemSchema,
  },
  /**
   * Already confirmed (Partner Center held an acceptance the operator had not seen) → back to the
   * queue, to be sent as it is; the same person already on record still counts as done.
   */
  sendAnyway: { channel: 'queue:send-anyway', input: z.object({ itemId: queueItemIdSchema }).strict(), output: queueItemSchema },
  // Customer acceptance requests (the enhanced attestation API): the customer accepts on
  // Microsoft's page; MCA Desk creates the agreement by itself once they have.
  /** Saves a request for the customer to accept (queued; created at Partner Center when online). */
  requestAcceptance: {
    channel: 'requests:create',
    input: z.object({ customerId: customerIdSchema, request: acceptanceRequestInputSchema }).strict(),
    output: z.object({ queueItemId: z.string(), customer: customerDetailSchema }),
  },
  /** "Accept in Microsoft 365 admin center": watch the customer's direct acceptance until it is there. */
  watchAdminCenterAcceptance: {
    channel: 'requests:watch-admin-center',
    input: z.object({ customerId: customerIdSchema }).strict(),
    output: z.object({ queueItemId: z.string(), customer: customerDetailSchema }),
  },
  /** "Check now": a request waiting for the customer is checked at once. */
  checkNow: { channel: 'requests:check-now', input: z.object({ itemId: queueItemIdSchema }).strict(), output: queueItemSchema },
  /** "Send a new request": a declined or expired request, again for the same signatory. */
  sendNewRequest: { channel: 'requests:send-new', input: z.object({ itemId: queueItemIdSchema }).strict(), output: queueItemSchema },
  /**
   * A partner confirmation Partner Center refused as retired → an acceptance request for the same
   * person (the confirmation is discarded, saying so). Answers the new request.
   */
  convertToRequest: { channel: 'requests:convert', input: z.object({ itemId: queueItemIdSchema }).strict(), output: queueItemSchema },
  // Bulk import (Sync queue → "Import…", `mca-desk import`): confirmations or requests, by the profile's method.
  /** A CSV file's text, or rows (fixed by the operator, or made by code): each row with its errors at the field; saves nothing. */
  importPreview: {
    channel: 'import:preview',
    // mode: confirmations or acceptance requests; default the profile's method (Coverage's bulk
    // "Update" asks for confirmations whatever the method).
    input: z.union([
      z.object({ text: z.string().max(IMPORT_LIMITS.maxChars * 2), mode: importModeSchema.optional() }).strict(),
      z.object({ rows: importRowsSchema, mode: importModeSchema.optional() }).strict(),
    ]),
    output: importPreviewSchema,
  },
  /** Checks the rows again and queues the valid ones in one transaction; `skipped`: rows left out. */
  importQueue: {
    channel: 'import:queue',
    input: z.object({ rows: importRowsSchema, mode: importModeSchema.optional() }).strict(),
    output: z.object({ mode: importModeSchema, queued: z.number().int(), skipped: z.number().int() }),
  },
  /** The profile's confirmation method ("Customer acceptance request" or "Partner confirmation"). */
  setConfirmationMethod: {
    channel: 'profiles:set-confirmation-method',
    input: z.object({ method: z.enum(['customer-acceptance', 'partner-confirmation']) }).strict(),
    output: sessionSchema,
  },
  /** The partner's web app id and key, for acceptance requests; the key is kept by the OS (or in memory only). */
  setWebAppKey: {
    channel: 'profiles:set-web-app-key',
    input: z
      .object({
        webAppId: z.uuid({ error: 'validation.webAppId.invalid' }),
        secret: z.string().trim().min(1, { error: 'validation.webAppKey.required' }).max(1024, { error: 'validation.webAppKey.required' }),
      })
      .strict(),
    output: sessionSchema,
  },
  /** Settings → Language: the installation's choice, and the system's locale ("System" reads it). */
  getLanguage: { channel: 'settings:get-language', input: z.object({}).strict(), output: z.object({ language: z.enum(languageChoices), systemLocale: z.string() }) },
  /** Settings → Language: kept for the installation and applied at once (the session's locale). */
  setLanguage: { channel: 'settings:set-language', input: z.object({ language: z.enum(languageChoices) }).strict(), output: sessionSchema },
  /** Forgets the web app key of this profile. */
  clearWebAppKey: { channel: 'profiles:clear-web-app-key', input: z.object({}).strict(), output: sessionSchema },
  /** Queued, needs attention or already confirmed → discarded, with the operator's reason in the activity log. */
  discardItem: {
    channel: 'queue:discard',
    input: z
      .object({ itemId: queueItemIdSchema, reason: freeText('discardReason', { min: 3, max: 500 }) })
      .strict(),
    output: queueItemSchema,
  },
  listActivity: {
    channel: 'activity:list',
    input: z.object({ limit: z.number().int().min(1).max(5000).default(500) }).strict(),
    output: z.object({ entries: z.array(activityEntrySchema) }),
  },
  /** The activity log's hash chain checked from the first entry: intact, or the first entry that does not match. */
  verifyActivity: { channel: 'activity:verify', input: z.object({}).strict(), output: activityChainSchema },
  /** The activity of these days (UTC, inclusive; all when left out) as CSV in the app's language, for the renderer to save. */
  exportActivity: { channel: 'activity:export', input: activityRangeSchema, output: activityExportSchema },
  getSettings: { channel: 'settings:get', input: z.object({}).strict(), output: syncSettingsSchema },
  updateSettings: { channel: 'settings:update', input: syncSettingsSchema.partial().strict(), output: syncSettingsSchema },
  // Profiles: each has its own database; switching closes one and opens the other.
  listProfiles: {
    channel: 'profiles:list',
    input: z.object({}).strict(),
    output: z.object({ profiles: z.array(profileSchema), activeId: z.string() }),
  },
  createProfile: {
    channel: 'profiles:create',
    input: z
      .object({
        name: freeText('profileName', { max: 60 }),
        cloud: cloudSchema,
        environment: environmentSchema,
        partnerTenant: z.string().trim().max(255).optional(),
        sandboxRole: roleSchema.optional(),
        signInMode: z.enum(['automatic', 'entra']).optional(),
        clientId: z.uuid({ error: 'validation.clientId.invalid' }).optional(),
      })
      .strict(),
    output: profileSchema,
  },
  // Sign-in (Microsoft Entra ID through MSAL; the built-in sandbox signs in by itself).
  /** Interactive sign-in in the system browser; a refusal (cancelled, timed out, no MFA) is a typed error in plain words. */
  signIn: { channel: 'auth:sign-in', input: z.object({}).strict(), output: sessionSchema },
  cancelSignIn: { channel: 'auth:cancel', input: z.object({}).strict(), output: z.object({ cancelled: z.boolean() }) },
  /** Removes the account and its tokens from this profile. */
  signOut: { channel: 'auth:sign-out', input: z.object({}).strict(), output: sessionSchema },
  switchProfile: { channel: 'profiles:switch', input: z.object({ profileId: z.string().min(1) }).strict(), output: sessionSchema },

  // Customers: existing and new.
  /** Re-reads the customer, its agreements and direct acceptance from Partner Center now. */
  verifyCustomer: { channel: 'customers:verify', input: z.object({ customerId: customerIdSchema }).strict(), output: customerDetailSchema },
  /** Online: is `<prefix>.onmicrosoft.com` free? Offline: null (checked when the item syncs). */
  checkDomain: {
    channel: 'customers:check-domain',
    input: z.object({ domainPrefix: z.string().max(64) }).strict(),
    output: z.object({ domain: z.string(), available: z.boolean().nullable() }),
  },
  /** Saves a new customer (and its MCA confirmation, if accepted) to the queue; synced like any item. */
  createCustomer: {
    channel: 'customers:create',
    input: newCustomerInputSchema,
    output: z.object({ queueItemId: z.string(), confirmationItemId: z.string().nullable() }),
  },
  /** The initial admin credentials of a customer the queue created: returned once, then forgotten. */
  takeCustomerCredentials: {
    channel: 'customers:take-credentials',
    input: z.object({ queueItemId: queueItemIdSchema }).strict(),
    output: customerCredentialsSchema.nullable(),
  },
  /** Edit a create-customer item that needs attention (e.g. domain taken) and send it again. */
  editNewCustomer: {
    channel: 'customers:edit-new',
    input: z.object({ queueItemId: queueItemIdSchema, customer: newCustomerInputSchema }).strict(),
    output: queueItemSchema,
  },

  // Orders: online only; a confirmation still queued for the customer is sent first.
  listSubscriptions: {
    channel: 'orders:subscriptions',
    input: z.object({ customerId: customerIdSchema }).strict(),
    output: z.object({ items: z.array(subscriptionSummarySchema), readAt: z.string().nullable(), fromCache: z.boolean() }),
  },
  listOffers: {
    channel: 'orders:offers',
    input: z.object({ customerId: customerIdSchema }).strict(),
    output: z.object({ items: z.array(offerSummarySchema) }),
  },
  changeQuantity: {
    channel: 'orders:change-quantity',
    input: z
      .object({ customerId: customerIdSchema, subscriptionId: z.string().min(1), quantity: z.number({ error: 'validation.quantity.invalid' }).int({ error: 'validation.quantity.invalid' }).min(1, { error: 'validation.quantity.invalid' }).max(10_000, { error: 'validation.quantity.invalid' }) })
      .strict(),
    output: z.object({ subscription: subscriptionSummarySchema.nullable(), pending: z.boolean() }),
  },
  placeOrder: {
    channel: 'orders:place',
    input: z
      .object({ customerId: customerIdSchema, offerId: z.string().min(1), quantity: z.number({ error: 'validation.quantity.invalid' }).int({ error: 'validation.quantity.invalid' }).min(1, { error: 'validation.quantity.invalid' }).max(10_000, { error: 'validation.quantity.invalid' }) })
      .strict(),
    output: z.object({ orderId: z.string(), status: z.string() }),
  },

  // Coverage (issue 13): counts by status from the local store, the customers still to get on
  // record, and a bulk "Request acceptance" (the single request's rule for each customer).
  /** Customers by displayed status, and the confirmed ones on an earlier template (null: the current template was never read). */
  getCoverage: {
    channel: 'coverage:get',
    input: z.object({}).strict(),
    output: z.object({ counts: coverageCountsSchema, currentTemplateId: z.string().nullable() }),
  },
  /** The customers of one list, those with subscriptions first; `total` counts them all. */
  listCoverage: {
    channel: 'coverage:list',
    input: z.object({ group: coverageGroupSchema, limit: z.number().int().min(1).max(200_000).default(500) }).strict(),
    output: z.object({ items: z.array(coverageRowSchema), total: z.number().int() }),
  },
  /** What a bulk request would queue for these customers, and who cannot be asked and why (reads unknown contacts when online). */
  planBulkRequest: {
    channel: 'coverage:plan-bulk-request',
    input: z.object({ customerIds: z.array(customerIdSchema).min(1).max(1000) }).strict(),
    output: bulkRequestPlanSchema,
  },
  /** Queues a request for every customer of the plan that can be asked, in one transaction; answers what was queued. */
  requestAcceptanceBulk: {
    channel: 'coverage:request-bulk',
    input: z.object({ customerIds: z.array(customerIdSchema).min(1).max(1000) }).strict(),
    output: bulkRequestPlanSchema.extend({ queued: z.array(z.object({ customerId: z.string(), queueItemId: z.string() })) }),
  },

  getSyncStatus: { channel: 'sync:status', input: z.object({}).strict(), output: syncStatusSchema },
  syncNow: { channel: 'sync:now', input: z.object({}).strict(), output: syncStatusSchema },
  getConnectivity: { channel: 'connectivity:get', input: z.object({}).strict(), output: connectivitySchema },
  setWorkOffline: {
    channel: 'connectivity:set-work-offline',
    input: z.object({ on: z.boolean() }).strict(),
    output: connectivitySchema,
  },
} as const;

/** Events pushed from the core to every window. */
export const events = {
  /*
   * `snapshot`: the event carries the whole current state, so a window that connects late gets the
   * latest one at once (the browser host's event stream connects after the page's first calls, and
   * a change in between would otherwise be lost until the next one).
   */
  connectivity: { channel: 'event:connectivity', payload: connectivitySchema, snapshot: true },
  sync: { channel: 'event:sync', payload: syncStatusSchema, snapshot: true },
  refresh: { channel: 'event:refresh', payload: refreshProgressSchema },
  /** The active profile, or who is signed in, changed: reload everything. */
  sessionChanged: { channel: 'event:session-changed', payload: sessionSchema },
  /** Browser host only: open this URL in a new browser tab (the sign-in page; Electron uses the system browser). */
  openInBrowser: { channel: 'event:open-in-browser', payload: z.object({ url: z.url({ protocol: /^https?$/ }) }) },
  /** The queue created a customer; its credentials wait, once, for takeCustomerCredentials. */
  customerCreated: {
    channel: 'event:customer-created',
    payload: z.object({ queueItemId: z.string(), customerId: z.string(), companyName: z.string(), credentialsAvailable: z.boolean() }),
  },
  /** Something about these customers changed (status, details); reload them if shown. */
  customersChanged: {
    channel: 'event:customers-changed',
    payload: z.object({ customerIds: z.array(z.string()).nullable() }),
  },
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<K extends CallName> = z.input<Calls[K]['input']>;
export type CallOutput<K extends CallName> = z.infer<Calls[K]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]['payload']>;

/** What `window.mcaDesk` offers: one named function per call, and event subscription. */
export type McaDeskApi = {
  [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
} & {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
};

export const callNames = Object.keys(calls) as CallName[];
export const eventNames = Object.keys(events) as EventName[];
