import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import type { CustomerCredentials } from '../../shared/domain';
import { useApi, useApiEvent } from '../api/ApiContext';
import { useT } from '../i18n/useT';

/**
 * When the queue creates a customer, takes its initial admin credentials (the core hands them out
 * once) and shows them once. They live only in this component's state: never in storage, gone
 * when the dialog closes.
 */
export function CustomerCreatedWatcher() {
  const t = useT();
  const api = useApi();
  const [waiting, setWaiting] = useState<CustomerCredentials[]>([]);

  useApiEvent('customerCreated', (event) => {
    if (!event.credentialsAvailable) {
      notifications.show({ color: 'teal', message: t('ui.newCustomer.created', { company: event.companyName }) });
      return;
    }
    void api.takeCustomerCredentials({ queueItemId: event.queueItemId }).then((result) => {
      if (result.ok && result.value) {
        const credentials = result.value;
        setWaiting((list) => [...list, credentials]);
      } else {
        // Another window took them, or they were already shown.
        notifications.show({ color: 'teal', message: t('ui.newCustomer.created', { company: event.companyName }) });
      }
    });
  });

  const shown = waiting[0] ?? null;
  return (
    <Modal
      opened={shown !== null}
      onClose={() => setWaiting((list) => list.slice(1))}
      title={shown ? t('ui.credentials.title', { company: shown.companyName }) : ''}
      size="lg"
      padding="xl"
      closeOnClickOutside={false}
      closeOnEscape={false}
    >
      {shown && <CredentialsBody credentials={shown} onDone={() => setWaiting((list) => list.slice(1))} />}
    </Modal>
  );
}

function CredentialsBody({ credentials, onDone }: { credentials: CustomerCredentials; onDone: () => void }) {
  const t = useT();
  return (
    <Stack gap="md" data-testid="credentials">
      <Text size="sm">{t('ui.credentials.intro')}</Text>
      <Secret label={t('ui.credentials.userName')} value={credentials.userName} testId="credentials-username" />
      <Secret label={t('ui.credentials.password')} value={credentials.password} testId="credentials-password" />
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} p="sm">
        <Text size="sm" fw={500}>
          {t('ui.credentials.warning')}
        </Text>
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>{t('ui.credentials.done')}</Button>
      </Group>
    </Stack>
  );
}

function Secret({ label, value, testId }: { label: string; value: string; testId: string }) {
  const t = useT();
  const copyLabel = t('ui.credentials.copy', { what: label });
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="sm" px="sm" py={6} style={{ flex: 1, overflowWrap: 'anywhere', userSelect: 'all' }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('ui.common.copied') : copyLabel}>
              <ActionIcon variant="default" size="lg" onClick={copy} aria-label={copyLabel} color={copied ? 'teal' : undefined}>
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
