import { describe, expect, it } from 'vitest';
import { MCA_TEMPLATE_ID, WELL_KNOWN, type Emulator } from '../../../src/emulator/index';
import { personSchema } from '../../../src/shared/new-customer';
import { call } from '../../helpers/emulator-call';
import { emulatorPerFile } from '../../helpers/shared-emulator';

/**
 * The app's e-mail and phone rule (src/shared/validation.ts: the dialogs, the wizard, the CLI, the
 * import and the core) must be at least as strict as Partner Center's, which the emulator stands
 * for: what the app accepts, the emulator takes, both for a partner confirmation and for an
 * acceptance request. Else the operator is told "saved" and the queue fails later.
 */
let emu: Emulator;
let userToken: string;
emulatorPerFile((e, t) => {
  emu = e;
  userToken = t;
});

const CUSTOMER = WELL_KNOWN[0]!.id;

const EMAILS = [
  'tania@contoso.com',
  'tania.carr+mca@contoso.co.uk',
  'a_b@sub.domain-x.io',
  "o'brien@contoso.ie",
  'TANIA@CONTOSO.COM',
  'x@contoso.c',
  'zoë@société.fr',
  'tania@société.fr',
  'zoë@contoso.com',
  'дмитрий@пример.рф',
  'p\u0430ypal@contoso.com', // a Cyrillic "а" among Latin letters
  'tania＠contoso.com', // fullwidth at sign
  '山田@例え.jp',
  'ta\u200Bnia@contoso.com',
  'tania@contoso..com',
  'tania@-contoso.com',
  'tania@contoso',
  '"tania"@contoso.com',
  'tania@[192.168.0.1]',
  ' tania@contoso.com ',
];
const PHONES = ['', '1234567890', '+33 1 42 68 53 00', '(425) 555-0100', '1234', '////', '( ) - .', '+1 2 3', '12', 'call me', '０１２３４５', '+33\u200B142685300'];

/** The app's answer for one contact: what it would send, or null when it refuses. */
function app(email: string, phone: string): { email: string; phone?: string | undefined } | null {
  const parsed = personSchema.safeParse({ firstName: 'Tania', lastName: 'Carr', email, phone });
  return parsed.success ? parsed.data : null;
}

/** The emulator's answer for the same contact: a partner confirmation and an acceptance request. */
async function emulatorTakes(email: string, phone: string | undefined, n: number): Promise<{ agreement: number; attestation: number }> {
  // A last name of its own per contact and per call: the same person twice is refused as a duplicate (600061).
  const contact = { firstName: 'Tania', lastName: `Carr ${n}`, email, ...(phone ? { phoneNumber: phone } : {}) };
  const agreement = await call(emu.url, 'POST', `/v1/customers/${CUSTOMER}/agreements`, {
    token: userToken,
    body: { primaryContact: contact, templateId: MCA_TEMPLATE_ID, dateAgreed: new Date(Date.now() - 86_400_000).toISOString(), type: 'MicrosoftCustomerAgreement' },
  });
  const attestation = await call(emu.url, 'POST', '/v1/attestations/enhanced', {
    token: emu.issueAppOnlyToken(),
    body: {
      customerTenantId: CUSTOMER, country: 'FR', language: 'fr-FR', companyName: 'Société Générale de Logistique',
      signatoryFirstName: contact.firstName, signatoryLastName: `${contact.lastName}y`, signatoryEmail: email, ...(phone ? { signatoryPhoneNumber: phone } : {}),
    },
  });
  return { agreement: agreement.status, attestation: attestation.status };
}

describe('the app\u2019s contact rule against Partner Center\u2019s (the emulator)', () => {
  it('accepts no e-mail address or phone number the emulator refuses', async () => {
    const cases = [...EMAILS.map((email) => ({ email, phone: '' })), ...PHONES.map((phone) => ({ email: 'tania@contoso.com', phone }))];
    const accepted: string[] = [];
    const looser: string[] = [];
    let n = 0;
    for (const { email, phone } of cases) {
      const sent = app(email, phone);
      if (!sent) continue;
      accepted.push(JSON.stringify([email, phone]));
      const answer = await emulatorTakes(sent.email, sent.phone, n++);
      if (answer.agreement !== 201 || answer.attestation !== 201) looser.push(`${JSON.stringify([email, phone])} → agreement ${answer.agreement}, attestation ${answer.attestation}`);
    }
    expect(looser).toEqual([]);
    // The list is not all refusals: the app still takes the usual addresses and phones.
    expect(accepted.length).toBeGreaterThanOrEqual(10);
  });

  it('has cases the emulator refuses (the check above is not empty-handed)', async () => {
    const refused = [];
    for (const [i, email] of ['zoë@société.fr', 'дмитрий@пример.рф', 'p\u0430ypal@contoso.com'].entries()) {
      refused.push((await emulatorTakes(email, undefined, 100 + i)).agreement);
      expect(app(email, ''), email).toBeNull();
    }
    expect(refused).toEqual([400, 400, 400]);
  });
});
