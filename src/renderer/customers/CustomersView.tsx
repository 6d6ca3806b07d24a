import { ActionIcon, Alert, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconRefresh } from '@tabler/icons-react';
import { useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { AccountPanel } from '../account/AccountPanel';
import { useDescribeError } from '../api/useNotifyError';
import { useFormat, useT } from '../i18n/useT';
import { NewCustomerWizard } from '../newCustomer/NewCustomerWizard';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { CustomerList, CustomerListSkeleton, optionId } from './CustomerList';
import { EmptyCache, NoMatches } from './EmptyResults';
import { RefreshProgress } from './RefreshProgress';
import { SearchBox } from './SearchBox';
import { useCustomerSearch, type SearchState } from './useCustomerSearch';
import classes from './customers.module.css';

const LIST_ID = 'customer-results';
const PAGE = 10;

type Props = {
  query: string;
  onQueryChange: (query: string) => void;
  openId: string | null;
  onOpen: (id: string | null) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

/** Search and results on the left, the open customer's account info on the right. */
export function CustomersView({ query, onQueryChange, openId, onOpen, searchRef }: Props) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const { refresh, cacheVersion, startRefresh } = useLiveStatus();
  // A refresh changes the cache as it goes: search again now and then, and when it ends.
  const search = useCustomerSearch(query, cacheVersion);
  const [activeId, setActiveId] = useState<string | null>(openId);
  const { session } = useSession();
  const [creating, setCreating] = useState(false);

  // A new query puts the highlight on the first result (Enter opens the best match). New results
  // for the same query (a status changed) keep it on the same row, else the open one, else the first.
  const [highlightFor, setHighlightFor] = useState<string | null>(null);
  useEffect(() => {
    const ids = search.items.map((c) => c.id);
    const sameQuery = highlightFor === search.query;
    setHighlightFor(search.query);
    setActiveId((current) => {
      if (sameQuery && current && ids.includes(current)) return current;
      if (!sameQuery && search.query.trim() !== '') return ids[0] ?? null;
      if (openId && ids.includes(openId)) return openId;
      return ids[0] ?? null;
    });
    // Only new results move the highlight.
  }, [search.items, search.query]);

  const move = (delta: number | 'first' | 'last') => {
    const items = search.items;
    if (items.length === 0) return;
    const index = activeId ? items.findIndex((c) => c.id === activeId) : -1;
    const next =
      delta === 'first' ? 0 : delta === 'last' ? items.length - 1 : Math.max(0, Math.min(items.length - 1, index + delta));
    setActiveId(items[next]?.id ?? null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const inInput = event.currentTarget instanceof HTMLInputElement;
    switch (event.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'PageDown':
        move(PAGE);
        break;
      case 'PageUp':
        move(-PAGE);
        break;
      case 'Home':
        if (inInput) return;
        move('first');
        break;
      case 'End':
        if (inInput) return;
        move('last');
        break;
      case 'Enter':
        if (activeId) onOpen(activeId);
        break;
      case 'Escape':
        if (!query) return;
        onQueryChange('');
        if (!inInput) searchRef.current?.focus();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const cacheEmpty = search.loaded && search.total === 0 && query.trim() === '' && !search.error;
  const noMatches = search.loaded && search.total === 0 && query.trim() !== '' && !search.error;

  return (
    <div className={classes.split}>
      {/* data-query: the query the results on screen answer (tests and timing wait for it). */}
      <section className={classes.listPane} aria-label={t('ui.customers.listLabel')} data-query={search.loaded ? search.query : undefined}>
        <div className={classes.toolbar}>
          <SearchBox
            value={query}
            onChange={onQueryChange}
            onKeyDown={onKeyDown}
            inputRef={searchRef}
            listId={LIST_ID}
            activeOptionId={activeId ? optionId(activeId) : undefined}
          />
          {!cacheEmpty && (
            <Group justify="space-between" wrap="nowrap" gap="xs" mih={28}>
              <ResultCount search={search} query={query} />
              <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
              <NewCustomerButton canCreate={session.canConfirm} onClick={() => setCreating(true)} />
              {!refresh && (
                <Tooltip label={t('ui.customers.refreshHint')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={t('ui.customers.refreshAll')}
                    onClick={() => void startRefresh()}
                  >
                    <IconRefresh size={15} />
                  </ActionIcon>
                </Tooltip>
              )}
              </Group>
            </Group>
          )}
          {refresh && !cacheEmpty && <RefreshProgress progress={refresh} />}
        </div>
        {search.error && (
          <Alert color="red" variant="light" m="md" title={t('ui.customers.searchFailed')}>
            {describe(search.error)}
          </Alert>
        )}
        {!search.loaded ? (
          <CustomerListSkeleton />
        ) : cacheEmpty ? (
          <EmptyCache />
        ) : noMatches ? (
          <NoMatches query={query} />
        ) : (
          <CustomerList
            id={LIST_ID}
            items={search.items}
            activeId={activeId}
            openId={openId}
            onActivate={setActiveId}
            onOpen={onOpen}
            onKeyDown={onKeyDown}
          />
        )}
        {search.loaded && !search.more && search.total > search.items.length && (
          <Text size="xs" c="dimmed" className={classes.footer}>
            {t('ui.customers.refine', { shown: format.number(search.items.length) })}
          </Text>
        )}
      </section>
      <section className={classes.detailPane} aria-label={t('ui.account.paneLabel')}>
        <AccountPanel customerId={openId} onClose={() => onOpen(null)} />
      </section>
      <NewCustomerWizard opened={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

/** "New customer", for those who may create customers; others see why not. */
function NewCustomerButton({ canCreate, onClick }: { canCreate: boolean; onClick: () => void }) {
  const t = useT();
  const button = (
    <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} />} disabled={!canCreate} onClick={onClick}>
      {t('ui.newCustomer.button')}
    </Button>
  );
  return canCreate ? (
    button
  ) : (
    <Tooltip label={t('ui.newCustomer.readOnly')} multiline w={240}>
      <span>{button}</span>
    </Tooltip>
  );
}

/** "1,234 customers", "57 matches", or "More than 1,000 matches — type more to narrow". */
function ResultCount({ search, query }: { search: SearchState; query: string }) {
  const t = useT();
  const text = !search.loaded
    ? '\u00a0'
    : search.more
      ? t('ui.customers.countMore', { count: search.total })
      : query.trim() === ''
        ? t(search.total === 1 ? 'ui.customers.countAllOne' : 'ui.customers.countAll', { count: search.total })
        : t(search.total === 1 ? 'ui.customers.countOne' : 'ui.customers.count', { count: search.total });
  return (
    <Text size="xs" c="dimmed" lh={1.3} aria-live="polite" miw={0} data-testid="result-count" data-total={search.total} data-more={search.more || undefined}>
      {text}
    </Text>
  );
}
