import { Alert, Anchor, Box, Button, Code, CopyButton, Group, Paper, Stack, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCircle, IconCircleDot, IconCopy, IconExternalLink, IconMail, IconX } from '@tabler/icons-react';
import { QRCodeSVG } from 'qrcode.react';
import type { QueueItem } from '../../shared/domain';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { Fact, FactList } from '../common/Fact';
import { useFormat, useLocale, useT, useTranslateAny } from '../i18n/useT';
import { ItemActions } from '../queue/ItemActions';
import { formatRelative, formatWaited } from './duration';
import { buildAcceptanceMailto } from './mailto';
import { closedAnswer, requestSteps, requestTitleKey, type StepKey, type StepState } from './requestRules';
import { useNow } from './useNow';

const personOf = (item: QueueItem) => `${item.contact.firstName} ${item.contact.lastName}`.trim();

/**
 * The customer's acceptance request in the account panel: where it stands, who it waits on and
 * since when, the link to pass on (open, copy, e-mail, QR code), what happens next, and its
 * actions ("Check now", "Send a new request", "Discard…").
 */
export function RequestStatus({ item }: { item: QueueItem }) {
  const t = useT();
  const tr = useTranslateAny();
  const request = item.request;
  const answer = closedAnswer(item);
  const admin = request?.way === 'admin-center';
  const waiting = item.state === 'waiting-for-customer' || (request?.step === 'wait-for-customer' && (item.state === 'queued' || item.state === 'sending'));
  const creating = !request || request.step === 'create-attestation';
  const params = { name: personOf(item), company: item.companyName };

  return (
    <Stack gap="md" data-testid="request-status" data-state={item.state} data-way={request?.way}>
      <Stack gap={2}>
        <Text size="sm" fw={600} data-testid="request-title">
          {t(requestTitleKey(item), params)}
        </Text>
        {!admin && (
          <Text size="sm" c="dimmed" truncate="end">
            <Text span size="sm" c="var(--mantine-color-text)" dir="auto">
              {params.name}
            </Text>
            {' · '}
            {item.contact.email}
          </Text>
        )}
      </Stack>

      <RequestFacts item={item} />

      {answer && (
        <Alert color="red" variant="light" icon={<IconX size={18} />} data-testid="request-answer" data-answer={answer}>
          <Text size="sm">{t(answer === 'declined' ? 'ui.request.declinedText' : 'ui.request.expiredText', params)}</Text>
        </Alert>
      )}
      {!answer && item.state === 'needs-attention' && item.lastError && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="pending-error">
          <Text size="sm">{tr(item.lastError.message)}</Text>
          {hasSupportFacts(item.lastError) && <ErrorDetails facts={item.lastError} />}
        </Alert>
      )}
      {item.state !== 'needs-attention' && item.lastError && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t('ui.pending.lastError')} styles={{ title: { fontSize: 'var(--mantine-font-size-sm)' } }}>
          <Text size="sm">{tr(item.lastError.message)}</Text>
          {hasSupportFacts(item.lastError) && <ErrorDetails facts={item.lastError} />}
        </Alert>
      )}

      {creating && item.state !== 'needs-attention' && (
        <Text size="sm" c="dimmed" data-testid="request-link-pending">
          {t('ui.request.queuedHint')}
        </Text>
      )}
      {waiting && request?.acceptanceUrl && <AcceptanceLink item={item} url={request.acceptanceUrl} />}

      <RequestSteps item={item} />

      <Group justify="space-between" align="center" gap="sm">
        {(waiting || creating) && item.state !== 'needs-attention' ? (
          <Text size="sm" fw={500} data-testid="finishes-by-itself">
            {t(admin ? 'ui.request.finishesByItselfAdmin' : 'ui.request.finishesByItself')}
          </Text>
        ) : (
          <span />
        )}
        <ItemActions item={item} size="xs" wrap />
      </Group>
    </Stack>
  );
}

/** Since when, for how long, until when, and when Partner Center was last asked. */
function RequestFacts({ item }: { item: QueueItem }) {
  const t = useT();
  const format = useFormat();
  const locale = useLocale();
  const now = useNow();
  const request = item.request;
  if (!request) return null;
  const answered = request.customerAnswer === 'declined' || request.customerAnswer === 'accepted';
  return (
    <FactList>
      <Fact label={t('ui.request.requestedAt')}>
        <span data-testid="requested-at">{request.requestedAt ? format.dateTime(request.requestedAt) : t('ui.request.notYet')}</span>
      </Fact>
      {request.requestedAt && !answered && request.customerAnswer !== 'expired' && (
        <Fact label={t('ui.request.waitedFor')}>
          <span data-testid="waited-for">{formatWaited(locale, request.requestedAt, now)}</span>
        </Fact>
      )}
      {answered && request.answeredAt && <Fact label={t('ui.request.answeredAt')}>{format.dateTime(request.answeredAt)}</Fact>}
      {request.expiresAt && !answered && (
        <Fact label={t('ui.request.expiresAt')}>
          <span data-testid="expires-at">{t('ui.request.whenRelative', { date: format.dateTime(request.expiresAt), relative: formatRelative(locale, request.expiresAt, now) })}</span>
        </Fact>
      )}
      {request.lastCheckedAt && <Fact label={t('ui.request.lastChecked')}>{format.dateTime(request.lastCheckedAt)}</Fact>}
      {request.requestedBy && <Fact label={t('ui.request.requestedBy')}>{request.requestedBy.replace(/^operator:/, '')}</Fact>}
    </FactList>
  );
}

/**
 * The link the customer accepts on, to pass on: open (an external link the shell allow-lists), copy,
 * e-mail to the signatory in the operator's language, and a QR code (SVG: no canvas, no inline style).
 */
export function AcceptanceLink({ item, url }: { item: QueueItem; url: string }) {
  const t = useT();
  const locale = useLocale();
  const admin = item.request?.way === 'admin-center';
  const params = { name: `${item.contact.firstName} ${item.contact.lastName}`.trim(), company: item.companyName, email: item.contact.email };
  const mailto = buildAcceptanceMailto({ locale, to: item.contact, companyName: item.companyName, link: url, way: admin ? 'admin-center' : 'attestation' });
  const linkName = admin ? t('ui.request.linkAdmin') : t('ui.request.link');
  return (
    <Paper withBorder radius="md" p="md" data-testid="acceptance-link-box">
      <Group align="flex-start" gap="md" wrap="nowrap">
        <Stack gap={4} align="center" style={{ flexShrink: 0 }}>
          <Box p={4} bg="white" style={{ borderRadius: 'var(--mantine-radius-sm)', lineHeight: 0 }}>
            <QRCodeSVG value={url} size={104} level="M" marginSize={1} bgColor="#ffffff" fgColor="#000000" title={t('ui.request.qr')} data-testid="acceptance-qr" />
          </Box>
          <Text size="xs" c="dimmed" ta="center" maw={120}>
            {t('ui.request.qrHint')}
          </Text>
        </Stack>
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Anchor href={url} target="_blank" rel="noreferrer" fw={600} size="sm" data-testid="acceptance-link" style={{ alignSelf: 'flex-start' }}>
            <Group gap={4} wrap="nowrap" component="span">
              {linkName}
              <IconExternalLink size={14} aria-hidden />
            </Group>
          </Anchor>
          <Code fz="xs" title={url} style={{ overflowWrap: 'anywhere', userSelect: 'all' }} data-testid="acceptance-url">
            {url}
          </Code>
          <Text size="xs" c="dimmed">
            {t(admin ? 'ui.request.linkHintAdmin' : 'ui.request.linkHint', params)}
          </Text>
          <Group gap="xs" mt={4}>
            <CopyButton value={url} timeout={2000}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy}>
                  {copied ? t('ui.common.copied') : t('ui.request.copyLink')}
                </Button>
              )}
            </CopyButton>
            <Tooltip label={t('ui.request.emailHint', { email: item.contact.email })} multiline w={260}>
              <Button size="xs" variant="default" component="a" href={mailto} leftSection={<IconMail size={14} />} data-testid="email-to-customer">
                {t('ui.request.emailToCustomer')}
              </Button>
            </Tooltip>
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}

const stepLabel: Record<StepKey, 'ui.request.step.created' | 'ui.request.step.waiting' | 'ui.request.step.accepted' | 'ui.request.step.agreement'> = {
  created: 'ui.request.step.created',
  waiting: 'ui.request.step.waiting',
  accepted: 'ui.request.step.accepted',
  agreement: 'ui.request.step.agreement',
};

function StepIcon({ state }: { state: StepState }) {
  switch (state) {
    case 'done':
      return <IconCheck size={14} color="var(--mantine-color-green-filled)" aria-hidden />;
    case 'current':
      return <IconCircleDot size={14} color="var(--mantine-color-violet-filled)" aria-hidden />;
    case 'failed':
      return <IconX size={14} color="var(--mantine-color-red-filled)" aria-hidden />;
    case 'todo':
      return <IconCircle size={14} color="var(--mantine-color-dimmed)" aria-hidden />;
  }
}

/** Created → waiting for the customer → accepted → agreement created, each marked done, in progress, to come or stopped. */
export function RequestSteps({ item }: { item: QueueItem }) {
  const t = useT();
  const admin = item.request?.way === 'admin-center';
  return (
    <Group component="ol" gap={6} wrap="wrap" m={0} p={0} aria-label={t('ui.request.steps')} style={{ listStyle: 'none', rowGap: 4 }} data-testid="request-steps">
      {requestSteps(item).map(({ key, state }, index) => (
        <Group component="li" key={key} gap={6} wrap="nowrap" data-step={key} data-step-state={state}>
          {index > 0 && (
            <Text span size="xs" c="dimmed" aria-hidden>
              →
            </Text>
          )}
          <StepIcon state={state} />
          <Text span size="xs" fw={state === 'current' || state === 'failed' ? 600 : 400} c={state === 'todo' ? 'dimmed' : undefined} style={{ whiteSpace: 'nowrap' }}>
            {key === 'created' && admin ? t('ui.request.step.createdAdmin') : t(stepLabel[key])}
          </Text>
          <VisuallyHidden>{t(`ui.request.step.state.${state}`)}</VisuallyHidden>
        </Group>
      ))}
    </Group>
  );
}
