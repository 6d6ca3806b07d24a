import { ActionIcon, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useT } from '../i18n/useT';

export type ErrorFacts = {
  httpStatus?: number | undefined;
  partnerCenterCode?: string | undefined;
  correlationId?: string | undefined;
  requestId?: string | undefined;
};

/** True when there is something support would ask for. */
export function hasSupportFacts(facts: ErrorFacts | undefined): boolean {
  return Boolean(facts && (facts.partnerCenterCode || facts.correlationId || facts.httpStatus || facts.requestId));
}

/** Partner Center's code, HTTP status and correlation id, each copyable in one click. */
export function ErrorDetails({ facts }: { facts: ErrorFacts }) {
  const t = useT();
  return (
    <Group gap="xs" wrap="wrap" mt={4}>
      {facts.partnerCenterCode && <Fact label={t('ui.error.code')} value={facts.partnerCenterCode} />}
      {facts.httpStatus !== undefined && <Fact label={t('ui.error.httpStatus')} value={String(facts.httpStatus)} copy={false} />}
      {facts.correlationId && <Fact label={t('ui.error.correlationId')} value={facts.correlationId} />}
      {facts.requestId && <Fact label={t('ui.error.requestId')} value={facts.requestId} />}
    </Group>
  );
}

function Fact({ label, value, copy = true }: { label: string; value: string; copy?: boolean }) {
  const t = useT();
  return (
    <Group gap={4} wrap="nowrap" maw="100%">
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Code style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', maxWidth: 320 }} title={value}>
        {value}
      </Code>
      {copy && (
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy: doCopy }) => (
            <Tooltip label={copied ? t('ui.common.copied') : t('ui.error.copyValue', { what: label })}>
              <ActionIcon
                size="xs"
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={doCopy}
                aria-label={t('ui.error.copyValue', { what: label })}
              >
                {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  );
}
