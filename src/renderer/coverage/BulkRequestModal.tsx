import { Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { BulkRequestPlan } from '../../shared/domain';
import type { AppError } from '../../shared/result';
import { useApi } from '../api/ApiContext';
import { useDescribeError, useNotifyError } from '../api/useNotifyError';
import { useFormat, useT } from '../i18n/useT';

/**
 * The confirm step of a bulk "Request acceptance": what will be queued (each customer's signatory,
 * country and language, as the single dialog proposes them) and who cannot be asked and why. The
 * core plans and queues with the same rule; nothing is saved until "Queue N requests".
 */
export function BulkRequestModal({ customerIds, onClose, onDone }: { customerIds: string[]; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const api = useApi();
  const describe = useDescribeError();
  const notifyError = useNotifyError();
  const [plan, setPlan] = useState<BulkRequestPlan | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    void api.planBulkRequest({ customerIds }).then((result) => {
      if (!live) return;
      if (result.ok) setPlan(result.value);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [api, customerIds]);

  const queue = async () => {
    setSaving(true);
    const result = await api.requestAcceptanceBulk({ customerIds });
    setSaving(false);
    if (!result.ok) {
      notifyError('ui.coverage.bulk.failed', result.error);
      return;
    }
    notifications.show({ color: 'blue', message: t('ui.coverage.bulk.done', { count: result.value.queued.length }) });
    onDone();
  };

  const reason = (b: BulkRequestPlan['blocked'][number]) =>
    b.reason === 'invalid-request' ? t('ui.coverage.bulk.reason.invalid-request', { fields: b.fields.join(', ') }) : t(`ui.coverage.bulk.reason.${b.reason}`);

  return (
    <Modal opened onClose={onClose} title={t('ui.coverage.bulk.title', { count: customerIds.length })} size="xl" data-testid="bulk-request-modal">
      {error ? (
        <Alert color="red" variant="light" title={t('ui.coverage.bulk.planFailed')}>
          {describe(error)}
        </Alert>
      ) : !plan ? (
        <Group gap="sm" py="lg">
          <Loader size="sm" />
          <Text size="sm">{t('ui.coverage.bulk.planning')}</Text>
        </Group>
      ) : (
        <Stack gap="md">
          {plan.ready.length > 0 ? (
            <Stack gap={6}>
              <Title order={4}>{t('ui.coverage.bulk.ready', { count: format.number(plan.ready.length) })}</Title>
              <Text size="xs" c="dimmed">
                {t('ui.coverage.bulk.readyHint')}
              </Text>
              <ScrollArea.Autosize mah={260}>
                <Table data-testid="bulk-ready" layout="fixed">
                  <Table.Tbody>
                    {plan.ready.map((r) => (
                      <Table.Tr key={r.customerId} data-customer-id={r.customerId}>
                        <Table.Td>
                          <Text size="sm" fw={500} truncate="end" dir="auto">
                            {r.companyName}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" truncate="end" dir="auto">
                            {r.signatory}
                          </Text>
                          <Text size="xs" c="dimmed" truncate="end">
                            {r.email}
                          </Text>
                        </Table.Td>
                        <Table.Td w={90}>
                          <Text size="sm" c="dimmed">
                            {r.country} · {r.language}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </Stack>
          ) : (
            <Alert color="orange" variant="light">
              {t('ui.coverage.bulk.nothing')}
            </Alert>
          )}
          {plan.blocked.length > 0 && (
            <Stack gap={6}>
              <Title order={4}>{t('ui.coverage.bulk.blocked', { count: format.number(plan.blocked.length) })}</Title>
              <ScrollArea.Autosize mah={200}>
                <Table data-testid="bulk-blocked" layout="fixed">
                  <Table.Tbody>
                    {plan.blocked.map((b) => (
                      <Table.Tr key={b.customerId} data-customer-id={b.customerId} data-reason={b.reason}>
                        <Table.Td>
                          <Text size="sm" fw={500} truncate="end" dir="auto">
                            {b.companyName || b.customerId}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {reason(b)}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </Stack>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('ui.coverage.bulk.cancel')}
            </Button>
            <Button onClick={() => void queue()} loading={saving} disabled={plan.ready.length === 0} data-testid="bulk-confirm">
              {t('ui.coverage.bulk.confirm', { count: format.number(plan.ready.length) })}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
