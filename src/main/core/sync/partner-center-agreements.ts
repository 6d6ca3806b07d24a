import type { AgreementRecord } from '../../../shared/domain';
import { AppFailure } from '../app-failure';
import { isPartnerCenterError, type Agreement, type PartnerCenterClient } from '../partner-center';
import { acceptanceLink, type AttestationClient } from '../partner-center/attestation';
import { AppCredentialNeeded, type RequestsPort } from './requests-port';
import type { AgreementsPort, CustomersPort } from './agreements-port';
import { DOMAIN_SUFFIX } from '../../../shared/new-customer';

const MCA = 'MicrosoftCustomerAgreement';

export function toRecord(a: Agreement): AgreementRecord {
  return {
    contact: {
      firstName: a.primaryContact.firstName,
      lastName: a.primaryContact.lastName,
      email: a.primaryContact.email,
      ...(a.primaryContact.phoneNumber ? { phone: a.primaryContact.phoneNumber } : {}),
    },
    dateAgreed: a.dateAgreed.slice(0, 10),
    templateId: a.templateId,
    ...(a.userId ? { userId: a.userId } : {}),
  };
}

/** The agreement calls of the Partner Center client, in the terms the sync engine uses. */
export function agreementsFromClient(client: PartnerCenterClient): AgreementsPort {
  return {
    async mcaTemplateId(ctx) {
      const templates = await client.getAgreementTemplates(MCA, ctx);
      // Several versions may exist; the highest versionRank is taken as the current one.
      const current = templates
        .filter((t) => t.agreementType === MCA)
        .sort((a, b) => (b.versionRank ?? 0) - (a.versionRank ?? 0))[0];
      if (!current) throw new AppFailure('partner-center', 'error.sync.noTemplate');
      return current.templateId;
    },
    async customerAgreements(customerId, ctx) {
      const list = await client.getCustomerAgreements(customerId, MCA, ctx);
      return list
        .filter((a) => a.type === MCA)
        .sort((a, b) => b.dateAgreed.localeCompare(a.dateAgreed))
        .map(toRecord);
    },
    async directlySigned(customerId, ctx) {
      return (await client.getDirectSignedStatus(customerId, ctx)).isSigned;
    },
    async createAgreement(customerId, body, ctx) {
      const created = await client.createAgreement(
        customerId,
        {
          primaryContact: {
            firstName: body.contact.firstName,
            lastName: body.contact.lastName,
            email: body.contact.email,
            ...(body.contact.phone ? { phoneNumber: body.contact.phone } : {}),
          },
          templateId: body.templateId,
          dateAgreed: `${body.dateAgreed}T00:00:00.000Z`,
          type: MCA,
        },
        ctx,
      );
      return toRecord(created);
    },
  };
}

/** The customer calls of the client, in the terms of create-customer items. */
export function customersFromClient(client: PartnerCenterClient): CustomersPort {
  return {
    async findByDomain(domain, ctx) {
      for await (const page of client.listCustomers({ pageSize: 100, filter: { field: 'Domain', value: domain } }, ctx)) {
        const hit = page.items.find((c) => c.companyProfile.domain.toLowerCase() === domain.toLowerCase());
        if (hit) return { customerId: hit.id.toLowerCase(), companyName: hit.companyProfile.companyName };
      }
      return null;
    },
    async createCustomer(payload, ctx) {
      const { company, contact } = payload;
      const domain = `${company.domainPrefix}${DOMAIN_SUFFIX}`;
      const created = await client.createCustomer(
        {
          companyProfile: { domain, ...(company.registrationNumber ? { organizationRegistrationNumber: company.registrationNumber } : {}) },
          billingProfile: {
            email: contact.email,
            culture: company.culture,
            language: company.language,
            companyName: company.name,
            defaultAddress: {
              firstName: contact.firstName,
              lastName: contact.lastName,
              addressLine1: company.addressLine1,
              ...(company.addressLine2 ? { addressLine2: company.addressLine2 } : {}),
              city: company.city,
              ...(company.state ? { state: company.state } : {}),
              ...(company.postalCode ? { postalCode: company.postalCode } : {}),
              country: company.country,
              ...(company.phone ? { phoneNumber: company.phone } : {}),
            },
          },
        },
        ctx,
      );
      return {
        customerId: created.id.toLowerCase(),
        companyName: created.companyProfile.companyName,
        domain: created.companyProfile.domain,
        credentials: { userName: created.userCredentials.userName, password: created.userCredentials.password },
      };
    },
  };
}

/**
 * The attestation calls, in the terms of acceptance requests. Their token is the app's: a 401
 * (no key, a refused key) means the web app credential is needed, not the operator's sign-in.
 */
export function requestsFromClient(client: AttestationClient, partnerCenterUrl: string): RequestsPort {
  const appOnly = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isPartnerCenterError(error) && error.kind === 'unauthorized') throw new AppCredentialNeeded(error.cause ?? error);
      throw error;
    }
  };
  return {
    createAttestation: (input, ctx) =>
      appOnly(async () => {
        const created = await client.createAttestation(input, ctx);
        return { attestationId: created.attestationId, createdAt: created.createdAt, expiresAt: created.expiresAt ?? null };
      }),
    attestationStatus: (attestationId, ctx) =>
      appOnly(async () => {
        const found = await client.getAttestation(attestationId, ctx);
        return { answer: found.status, answeredAt: found.acceptedAt ?? found.declinedAt ?? null };
      }),
    createAgreement: (customerId, body, ctx) => appOnly(async () => toRecord(await client.createAgreementFromAttestation(customerId, body, ctx))),
    acceptanceLink: (attestationId) => acceptanceLink(partnerCenterUrl, attestationId),
  };
}
