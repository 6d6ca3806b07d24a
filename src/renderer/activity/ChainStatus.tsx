import { Alert, Badge, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import type { ActivityChain } from '../../shared/activity-log';
import type { AppError } from '../../shared/result';
import { useDescribeError } from '../api/useNotifyError';
import { useFormat, useT } from '../i18n/useT';

/**
 * Whether the activity log is as it was written: a green "Chain intact" with the number of entries
 * checked, or a red alert naming the first entry that does not match (from there on, nothing can
 * be trusted).
 */
export function ChainStatus({ chain, error }: { chain: ActivityChain | null; error: AppError | null }) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  if (error) {
    return (
      <Alert color="orange" variant="light" title={t('ui.activity.chain.checkFailed')} data-testid="activity-chain" data-chain="unknown">
        {describe(error)}
      </Alert>
    );
  }
  if (!chain) {
    return <Skeleton h={22} w={260} radius="sm" aria-label={t('ui.activity.chain.checking')} data-testid="activity-chain" data-chain="checking" />;
  }
  if (chain.firstBroken) {
    return (
      <Alert color="red" variant="light" icon={<IconShieldX size={20} />} title={t('ui.activity.chain.brokenTitle')} role="alert" data-testid="activity-chain" data-chain="broken" data-first-broken={chain.firstBroken.seq}>
        {t('ui.activity.chain.broken', { seq: String(chain.firstBroken.seq), time: format.dateTime(chain.firstBroken.at) })}
      </Alert>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap" data-testid="activity-chain" data-chain="intact">
      <Tooltip label={t('ui.activity.chain.intactHint')} multiline w={320} withArrow>
        <Badge color="green" variant="light" radius="sm" tt="none" fw={600} leftSection={<IconShieldCheck size={14} aria-hidden />}>
          {t('ui.activity.chain.intact')}
        </Badge>
      </Tooltip>
      <Text size="xs" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {t('ui.activity.chain.entries', { count: chain.entries })}
      </Text>
    </Group>
  );
}
