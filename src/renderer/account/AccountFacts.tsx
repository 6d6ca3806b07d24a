import { Paper, Stack, Text, Title } from '@mantine/core';
import type { Contact, CustomerDetail } from '../../shared/domain';
import { Fact, FactList } from '../common/Fact';
import { isMessageKey } from '../../shared/i18n';
import { useT, useTranslateAny } from '../i18n/useT';
import { TenantId } from './TenantId';

export function ContactLines({ contact }: { contact: Contact }) {
  return (
    <Stack gap={0} component="span">
      <span dir="auto">
        {contact.firstName} {contact.lastName}
      </span>
      <Text span size="sm" c="dimmed" truncate="end" title={contact.email} display="block">
        {contact.email}
      </Text>
      {contact.phone && (
        <Text span size="sm" c="dimmed">
          {contact.phone}
        </Text>
      )}
    </Stack>
  );
}

/** Who the customer is: domain, tenant id, primary contact, relationship. */
export function AccountFacts({ customer }: { customer: CustomerDetail }) {
  const t = useT();
  const tr = useTranslateAny();
  return (
    <Paper withBorder p="lg" radius="md">
      <Title order={3} mb="md">
        {t('ui.account.accountSection')}
      </Title>
      <FactList>
        <Fact label={t('ui.account.domain')}>{customer.domain}</Fact>
        <Fact label={t('ui.account.tenantId')}>
          <TenantId id={customer.id} />
        </Fact>
        <Fact label={t('ui.account.primaryContact')}>
          {customer.primaryContact ? (
            <ContactLines contact={customer.primaryContact} />
          ) : (
            <Text span size="sm" c="dimmed" fs="italic">
              {t('ui.account.notLoaded')}
            </Text>
          )}
        </Fact>
        <Fact label={t('ui.account.relationship')}>
          {customer.relationship ? (
            isMessageKey(`ui.relationship.${customer.relationship}`) ? (
              tr(`ui.relationship.${customer.relationship}`)
            ) : (
              customer.relationship
            )
          ) : (
            <Text span size="sm" c="dimmed">
              {t('ui.common.none')}
            </Text>
          )}
        </Fact>
      </FactList>
    </Paper>
  );
}
