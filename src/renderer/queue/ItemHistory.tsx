import { Alert, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClockPause, IconCloudUpload, IconInfoCircle, IconRotateClockwise, IconUser } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { Attempt, QueueItem } from '../../shared/domain';
import { isMessageKey } from '../../shared/i18n';
import type { AppError } from '../../shared/result';
import { useApi, useApiEvent } from '../api/ApiContext';
import { useDescribeError } from '../api/useNotifyError';
import { ErrorDetails, hasSupportFacts } from '../common/ErrorDetails';
import { Fact, FactList } from '../common/Fact';
import { useFormat, useT, useTranslateAny } from '../i18n/useT';
import { AcceptanceLink, RequestSteps } from '../request/RequestStatus';

const outcomeColor: Record<Attempt['outcome'], string> = {
  confirmed: 'green',
  'already-confirmed': 'cyan',
  'retry-scheduled': 'yellow',
  'needs-attention': 'red',
  waiting: 'gray',
  operator: 'blue',
  notice: 'orange',
};

function OutcomeIcon({ outcome }: { outcome: Attempt['outcome'] | 'accepted' }) {
  switch (outcome) {
    case 'confirmed':
    case 'accepted':
    case 'already-confirmed':
      return <IconCheck size={12} />;
    case 'retry-scheduled':
      return <IconRotateClockwise size={12} />;
    case 'needs-attention':
      return <IconAlertTriangle size={12} />;
    case 'waiting':
      return <IconClockPause size={12} />;
    case 'operator':
      return <IconUser size={12} />;
    case 'notice':
      return <IconInfoCircle size={12} />;
  }
}

/** Notices that are good news: shown as a success, not as a plain note. */
const goodNews = new Set<string>(['customer-accepted']);

/** Waits for the customer's answer: their time is the next check. */
const checkWaits = new Set<string>(['created-attestation', 'checked-pending']);

/** How one attempt looks in the timeline: colour, bullet and badge. */
function lookOf(attempt: Attempt): { color: string; outcome: Attempt['outcome'] | 'accepted' } {
  if (attempt.outcome === 'notice' && goodNews.has(attempt.reason)) return { color: 'green', outcome: 'accepted' };
  return { color: outcomeColor[attempt.outcome], outcome: attempt.outcome };
}

/** One attempt in plain words: what happened and, where known, until when. */
export function useAttemptText(): (attempt: Attempt, kind?: QueueItem['kind']) => string {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  return useCallback(
    (attempt: Attempt, kind?: QueueItem['kind']) => {
      // A reason shared with confirmations may read otherwise for an acceptance request.
      const forRequest = kind === 'acceptance-request' ? `ui.history.reason.${attempt.reason}.request` : null;
      // A failure that ends in "needs attention" is worded apart from one that will be retried.
      const specific = `ui.history.reason.${attempt.reason}.${attempt.outcome}`;
      const general = `ui.history.reason.${attempt.reason}`;
      // Items saved before records were kept in the history have a wording without the person.
      const unnamed = `${general}.unnamed`;
      const key =
        forRequest && isMessageKey(forRequest)
          ? forRequest
          : isMessageKey(specific)
            ? specific
            : !attempt.record && isMessageKey(unnamed)
              ? unnamed
              : isMessageKey(general)
                ? general
                : null;
      // The record an attempt is about (found, or appeared meanwhile) is named in its words.
      const record = attempt.record;
      const params: Record<string, string> = record ? { person: `${record.contact.firstName} ${record.contact.lastName}`, date: format.date(record.dateAgreed) } : {};
      const text = key ? tr(key, params) : t('ui.history.reason.unknown', { reason: attempt.reason });
      if (!attempt.until) return text;
      // Waiting for the customer ends with the next check, not with the link's validity.
      const when = attempt.outcome === 'retry-scheduled' ? 'ui.history.nextTry' : checkWaits.has(attempt.reason) ? 'ui.history.nextCheck' : 'ui.history.until';
      return `${text} ${t(when, { time: format.dateTime(attempt.until) })}`;
    },
    [t, tr, format],
  );
}

/** Consecutive waits for the same reason read as one line ("×3"), ending when the last one does. */
export function groupWaits(attempts: Attempt[]): Array<{ attempt: Attempt; times: number; first: string }> {
  const out: Array<{ attempt: Attempt; times: number; first: string }> = [];
  for (const attempt of attempts) {
    const last = out[out.length - 1];
    if (last && attempt.outcome === 'waiting' && last.attempt.outcome === 'waiting' && last.attempt.reason === attempt.reason) {
      last.attempt = attempt;
      last.times += 1;
    } else out.push({ attempt, times: 1, first: attempt.at });
  }
  return out;
}

/** The attempts of one item, kept fresh while shown. */
function useHistory(itemId: string) {
  const api = useApi();
  const [attempts, setAttempts] = useState<Attempt[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const load = useCallback(async () => {
    const result = await api.getQueueItemHistory({ itemId });
    if (result.ok) {
      setAttempts(result.value.attempts);
      setError(null);
    } else setError(result.error);
  }, [api, itemId]);
  useEffect(() => {
    void load();
  }, [load]);
  useApiEvent('sync', () => void load());
  return { attempts, error };
}

/** What Partner Center holds for an item that went through (or was already there). */
export function ServerRecordFacts({ item }: { item: QueueItem }) {
  const t = useT();
  const format = useFormat();
  const record = item.serverRecord;
  if (!record) {
    return (
      <Text size="sm" data-testid="server-record">
        {t('ui.queue.acceptedDirectly')}
      </Text>
    );
  }
  return (
    <FactList>
      <Fact label={t('ui.mca.acceptedBy')}>
        <span dir="auto">
          {record.contact.firstName} {record.contact.lastName}
        </span>
        <Text span size="sm" c="dimmed" display="block" truncate="end" title={record.contact.email}>
          {record.contact.email}
        </Text>
      </Fact>
      <Fact label={t('ui.mca.dateAgreed')}>{format.date(record.dateAgreed)}</Fact>
      <Fact label={t('ui.mca.template')}>
        <Text span size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {record.templateId}
        </Text>
      </Fact>
      {record.userId && (
        <Fact label={t('ui.mca.partnerUserId')}>
          <Text span size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {record.userId}
          </Text>
        </Fact>
      )}
    </FactList>
  );
}

/** The expanded part of a queue row: its history, and what Partner Center holds or why it was discarded. */
export function ItemHistory({ item }: { item: QueueItem }) {
  const t = useT();
  const tr = useTranslateAny();
  const format = useFormat();
  const describe = useDescribeError();
  const words = useAttemptText();
  const { attempts, error } = useHistory(item.id);
  const finished = item.state === 'confirmed' || item.state === 'already-confirmed';
  const request = item.kind === 'acceptance-request' && item.request !== null && !finished && item.state !== 'discarded';

  return (
    <SimpleGrid cols={finished || request || item.state === 'discarded' ? 2 : 1} spacing="lg" p="xs" data-testid="item-history">
      <Stack gap="xs">
        <Title order={4} size="sm">
          {t('ui.history.title')}
        </Title>
        {error ? (
          <Alert color="red" variant="light" title={t('ui.history.loadFailed')}>
            {describe(error)}
          </Alert>
        ) : attempts === null ? (
          <Loader size="sm" />
        ) : (
          <Timeline bulletSize={20} lineWidth={2} active={-1}>
            <Timeline.Item bullet={<IconCloudUpload size={12} />} title={<Text size="sm">{t('ui.history.saved')}</Text>}>
              <Text size="xs" c="dimmed">
                {format.dateTime(item.createdAt)}
              </Text>
            </Timeline.Item>
            {groupWaits(attempts).map(({ attempt, times, first }, index) => {
              const look = lookOf(attempt);
              return (
                <Timeline.Item
                  key={`${first}-${index}`}
                  color={look.color}
                  bullet={<OutcomeIcon outcome={look.outcome} />}
                  data-outcome={attempt.outcome}
                  data-reason={attempt.reason}
                  title={<Text size="sm">{words(attempt, item.kind)}</Text>}
                >
                  <Group gap="xs" wrap="nowrap" mt={2}>
                    <Badge size="xs" variant="light" color={look.color}>
                      {t(`ui.history.outcome.${look.outcome}`)}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {times > 1 ? t('ui.history.repeated', { times, first: format.dateTime(first), last: format.dateTime(attempt.at) }) : format.dateTime(attempt.at)}
                    </Text>
                  </Group>
                  {attempt.error && (
                    <Stack gap={0} mt={2}>
                      <Text size="xs">{tr(attempt.error.message)}</Text>
                      {hasSupportFacts(attempt.error) && <ErrorDetails facts={attempt.error} />}
                    </Stack>
                  )}
                </Timeline.Item>
              );
            })}
            {attempts.length === 0 && (
              <Timeline.Item bullet={<IconClockPause size={12} />} title={<Text size="sm" c="dimmed">{t('ui.history.none')}</Text>} />
            )}
          </Timeline>
        )}
      </Stack>
      {finished && (
        <Paper withBorder radius="md" p="md">
          <Title order={4} size="sm" mb="sm">
            {item.state === 'already-confirmed' ? t('ui.queue.serverHoldsAlready') : t('ui.queue.serverHolds')}
          </Title>
          <ServerRecordFacts item={item} />
        </Paper>
      )}
      {request && (
        <Paper withBorder radius="md" p="md">
          <Title order={4} size="sm" mb="sm">
            {t('ui.queue.requestFacts')}
          </Title>
          <Stack gap="sm">
            <RequestSteps item={item} />
            {item.state === 'waiting-for-customer' && item.request?.acceptanceUrl && <AcceptanceLink item={item} url={item.request.acceptanceUrl} />}
          </Stack>
        </Paper>
      )}
      {item.state === 'discarded' && (
        <Paper withBorder radius="md" p="md">
          <Title order={4} size="sm" mb="sm">
            {t('ui.queue.discardReason')}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {item.discardReason ? tr(item.discardReason) : t('ui.common.none')}
          </Text>
        </Paper>
      )}
    </SimpleGrid>
  );
}
