import type { AgreementRecord } from '../../../shared/domain';
import { AppFailure } from '../app-failure';
import type { Agreement, PartnerCenterClient } from '../partner-center';
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
