import { describe, expect, it } from 'vitest';
import type { AcceptanceRequest, CustomerDetail, QueueItem } from '../../../src/shared/domain';
import { PARTNER_CONFIRMATION_RETIRED_CODE } from '../../../src/shared/partner-center-codes';
import {
  checkNowMessage,
  closedAnswer,
  isRetiredConfirmation,
  itemActions,
  methodButtons,
  openRequest,
  primaryIsFilled,
  requestSteps,
  requestTitleKey,
} from '../../../src/renderer/request/requestRules';

const request = (over: Partial<AcceptanceRequest> = {}): AcceptanceRequest => ({
  way: 'attestation',
  companyName: 'Contoso Ltd',
  country: 'GB',
  language: 'en',
  step: 'wait-for-customer',
  attestationId: '7d3c0a5e-1f0b-4c1e-9a77-2b8e1c4d5f60',
  acceptanceUrl: 'https://cdn.partner.microsoft.com/mca/?attestationid=7d3c0a5e-1f0b-4c1e-9a77-2b8e1c4d5f60',
  requestedAt: '2026-12-02T09:00:00.000Z',
  expiresAt: '2027-01-01T09:00:00.000Z',
  customerAnswer: 'pending',
  answeredAt: null,
  lastCheckedAt: '2026-12-05T09:00:00.000Z',
  requestedBy: 'operator:Ana Admin',
  ...over,
});

const item = (over: Partial<QueueItem> = {}): QueueItem => ({
  id: '9a7e2c1b-3d4f-4e5a-8b6c-7d8e9f0a1b2c',
  kind: 'acceptance-request',
  customerId: '0b5e1c7a-3f2d-4e8b-9c6a-000000000007',
  companyName: 'Contoso Ltd',
  contact: { firstName: 'Zoë', lastName: 'Brändli', email: 'zoe@contoso.example' },
  dateAgreed: null,
  newCustomer: null,
  dependsOn: null,
  state: 'waiting-for-customer',
  attempts: 1,
  createdAt: '2026-12-02T08:59:00.000Z',
  updatedAt: '2026-12-05T09:00:00.000Z',
  nextAttemptAt: null,
  lastError: null,
  discardReason: null,
  serverRecord: null,
  operatorView: null,
  sendAnyway: false,
  request: request(),
  ...over,
});

const confirmation = (over: Partial<QueueItem> = {}): QueueItem => item({ kind: 'confirm-acceptance', request: null, dateAgreed: '2026-12-01', ...over });
const retired = confirmation({
  state: 'needs-attention',
  lastError: { message: 'PartnerAttestationDeprecated', httpStatus: 400, partnerCenterCode: PARTNER_CONFIRMATION_RETIRED_CODE },
});

describe('methodButtons: the profile’s method is the primary button', () => {
  it('customer acceptance → Request acceptance first, Update second', () => {
    expect(methodButtons('customer-acceptance')).toEqual({ primary: 'request', secondary: 'update' });
  });
  it('partner confirmation → Update first, Request acceptance second', () => {
    expect(methodButtons('partner-confirmation')).toEqual({ primary: 'update', secondary: 'request' });
  });
  it('fills the primary button only where nothing is on record', () => {
    expect(primaryIsFilled('not-confirmed')).toBe(true);
    expect(primaryIsFilled('needs-attention')).toBe(true);
    expect(primaryIsFilled('confirmed')).toBe(false);
    expect(primaryIsFilled('waiting-for-customer')).toBe(false);
    expect(primaryIsFilled('accepted-by-customer')).toBe(false);
  });
});

describe('openRequest: one request at a time', () => {
  const detail = (pending: QueueItem | null) => ({ mca: { pending } }) as Pick<CustomerDetail, 'mca'>;
  it('is the pending request while saved, being created or waiting', () => {
    for (const state of ['queued', 'sending', 'waiting-for-customer'] as const) expect(openRequest(detail(item({ state })))).not.toBeNull();
  });
  it('is none for a closed request or a confirmation', () => {
    expect(openRequest(detail(item({ state: 'needs-attention', request: request({ customerAnswer: 'declined' }) })))).toBeNull();
    expect(openRequest(detail(confirmation({ state: 'queued' })))).toBeNull();
    expect(openRequest(detail(null))).toBeNull();
  });
});

describe('itemActions: the buttons of each item', () => {
  it('a request waiting for the customer: Check now, and Discard…', () => {
    expect(itemActions(item())).toEqual(['check-now', 'discard']);
  });
  it('a declined or expired request: Send a new request, and Discard…', () => {
    expect(itemActions(item({ state: 'needs-attention', request: request({ customerAnswer: 'declined' }) }))).toEqual(['send-new-request', 'discard']);
    expect(itemActions(item({ state: 'needs-attention', request: request({ customerAnswer: 'expired' }) }))).toEqual(['send-new-request', 'discard']);
  });
  it('a request Partner Center refused to create: Retry and Discard…, never Edit and retry', () => {
    const failed = item({ state: 'needs-attention', request: request({ step: 'create-attestation', customerAnswer: null }), lastError: { message: 'x' } });
    expect(itemActions(failed)).toEqual(['retry', 'discard']);
  });
  it('a request waiting to be created: Discard…', () => {
    expect(itemActions(item({ state: 'queued', request: request({ step: 'create-attestation' }) }))).toEqual(['discard']);
  });
  it('a partner confirmation refused as retired: Request acceptance instead, and Discard…', () => {
    expect(isRetiredConfirmation(retired)).toBe(true);
    expect(itemActions(retired)).toEqual(['convert-to-request', 'discard']);
  });
  it('other confirmations keep their actions', () => {
    const rejected = confirmation({ state: 'needs-attention', lastError: { message: 'x', partnerCenterCode: '600010' } });
    expect(isRetiredConfirmation(rejected)).toBe(false);
    expect(itemActions(rejected)).toEqual(['edit', 'retry', 'discard']);
    expect(itemActions(confirmation({ state: 'already-confirmed' }))).toEqual(['send-anyway', 'discard']);
    expect(itemActions(confirmation({ state: 'confirmed' }))).toEqual([]);
  });
  it('a retired code on anything but a confirmation needing attention changes nothing', () => {
    expect(isRetiredConfirmation({ ...retired, state: 'queued' })).toBe(false);
    expect(isRetiredConfirmation({ ...retired, kind: 'acceptance-request' })).toBe(false);
  });
});

describe('requestSteps and titles: where a request stands', () => {
  const states = (i: QueueItem) => requestSteps(i).map((s) => `${s.key}:${s.state}`);
  it('waiting to be created', () => {
    const queued = item({ state: 'queued', request: request({ step: 'create-attestation', acceptanceUrl: null, requestedAt: null }) });
    expect(states(queued)).toEqual(['created:current', 'waiting:todo', 'accepted:todo', 'agreement:todo']);
    expect(requestTitleKey(queued)).toBe('ui.request.title.queued');
    expect(requestTitleKey({ ...queued, state: 'sending' })).toBe('ui.request.title.sending');
  });
  it('waiting for the customer', () => {
    expect(states(item())).toEqual(['created:done', 'waiting:current', 'accepted:todo', 'agreement:todo']);
    expect(requestTitleKey(item())).toBe('ui.request.title.waiting');
    expect(requestTitleKey(item({ request: request({ way: 'admin-center' }) }))).toBe('ui.request.title.waitingAdmin');
  });
  it('accepted, the agreement being created', () => {
    const accepted = item({ state: 'queued', request: request({ step: 'create-agreement', customerAnswer: 'accepted' }) });
    expect(states(accepted)).toEqual(['created:done', 'waiting:done', 'accepted:done', 'agreement:current']);
    expect(requestTitleKey(accepted)).toBe('ui.request.title.accepted');
  });
  it('declined: stopped at waiting', () => {
    const declined = item({ state: 'needs-attention', request: request({ customerAnswer: 'declined' }) });
    expect(closedAnswer(declined)).toBe('declined');
    expect(states(declined)).toEqual(['created:done', 'waiting:failed', 'accepted:todo', 'agreement:todo']);
    expect(requestTitleKey(declined)).toBe('ui.request.title.declined');
  });
  it('confirmed: every step done', () => {
    expect(states(item({ state: 'confirmed' }))).toEqual(['created:done', 'waiting:done', 'accepted:done', 'agreement:done']);
  });
});

describe('checkNowMessage', () => {
  // The call answers the item as it stands; the check runs in the queue right after.
  it('says what Partner Center answered, or that it is checking', () => {
    expect(checkNowMessage(item())).toBe('ui.request.checking');
    expect(checkNowMessage(item({ state: 'queued', request: request({ step: 'create-agreement', customerAnswer: 'accepted' }) }))).toBe('ui.request.checked.accepted');
    expect(checkNowMessage(item({ state: 'confirmed' }))).toBe('ui.request.checked.confirmed');
    expect(checkNowMessage(item({ state: 'needs-attention', request: request({ customerAnswer: 'declined' }) }))).toBe('ui.request.checked.declined');
    expect(checkNowMessage(item({ state: 'needs-attention', request: request({ customerAnswer: 'expired' }) }))).toBe('ui.request.checked.expired');
  });
});
