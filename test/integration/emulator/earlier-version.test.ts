import { describe, expect, it } from 'vitest';
import { MCA_EARLIER_TEMPLATE_ID, MCA_TEMPLATE_ID, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { isOutdatedTemplate } from '../../../src/main/core/partner-center/attestation';
import { PartnerCenterError } from '../../../src/main/core/partner-center/errors';
import { call } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';

/** Issue 13: acceptances on an earlier version of the MCA (the emulator's UNVERIFIED choices). */
const SGL = WELL_KNOWN[0]!.id;
const FABRIKAM = WELL_KNOWN[7]!;
const NORTHWIND = WELL_KNOWN[8]!;

let emu: Emulator;
let token: string;
emulatorPerFile((e, t) => {
  emu = e;
  token = t;
});

describe('earlier MCA template', () => {
  it('seeds two customers whose MCA records are all on the earlier template, newest 2023-02-20', async () => {
    for (const c of [FABRIKAM, NORTHWIND]) {
      const res = await call(emu.url, 'GET', `/v1/customers/${c.id}/agreements?agreementType=MicrosoftCustomerAgreement`, { token });
      expect(res.status).toBe(200);
      expect(res.json.items.length).toBeGreaterThan(0);
      expect(res.json.items.every((a: { templateId: string }) => a.templateId === MCA_EARLIER_TEMPLATE_ID)).toBe(true);
    }
    expect(NORTHWIND.agreements.map((a) => a.dateAgreed)).toEqual(['2020-03-02T00:00:00', '2023-02-20T00:00:00']);
  });

  it('does not list the earlier template in the agreement metadata: the current one only', async () => {
    const res = await call(emu.url, 'GET', '/v1/agreements?agreementType=MicrosoftCustomerAgreement', { token });
    expect(res.json.items.map((t: { templateId: string }) => t.templateId)).toEqual([MCA_TEMPLATE_ID]);
  });

  it('refuses an agreement posted with the earlier template as no longer supported (400 600020), which the client reads as an outdated template', async () => {
    const body = {
      primaryContact: { firstName: 'Amélie', lastName: 'Lefèvre', email: 'amelie.lefevre@example.com' },
      templateId: MCA_EARLIER_TEMPLATE_ID,
      dateAgreed: new Date(Date.now() - 86_400_000).toISOString(),
      type: 'MicrosoftCustomerAgreement',
    };
    const res = await call(emu.url, 'POST', `/v1/customers/${SGL}/agreements`, { token, body });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 600020, errorName: 'AgreementTemplateNotSupported', message: `Microsoft Customer Agreement Template ID '${MCA_EARLIER_TEMPLATE_ID}' is no longer supported.` });
    const asClientSeesIt = new PartnerCenterError({ kind: 'rejected', message: res.json.message, httpStatus: 400, code: String(res.json.code), errorName: res.json.errorName });
    expect(isOutdatedTemplate(asClientSeesIt)).toBe(true);
    expect(isOutdatedTemplate(new PartnerCenterError({ kind: 'rejected', message: 'x', httpStatus: 400, code: '600011' }))).toBe(false);
  });

  it('answers 13605 to an order for a customer whose only acceptance is of the earlier version', async () => {
    const res = await call(emu.url, 'POST', `/v1/customers/${FABRIKAM.id}/orders`, { token, body: { lineItems: [{ lineItemNumber: 0, offerId: '6f8e2a51-0c1d-4b7e-9a3f-5d2c8b7e1a01', quantity: 1 }] } });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('13605');
  });
});
