import { ActionIcon, Alert, Button, Group, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconRefresh } from '@tabler/icons-react';
import { memo, useCallback, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { AccountPanel } from '../account/AccountPanel';
import { useDescribeError } from '../api/useNotifyError';
import { useStableHandler } from '../common/useStableHandler';
import { useFormat, useT } from '../i18n/useT';
import { NewCustomerWizard } from '../newCustomer/NewCustomerWizard';
import { useSession } from '../session/SessionProvider';
import { useLiveStatus } from '../status/LiveStatusProvider';
import { CustomerList, CustomerListSkeleton, optionId } from './CustomerList';
import { EmptyCache, NoMatches } from './EmptyResults';
import { RefreshProgress } from './RefreshProgress';
import { SearchBox, type SearchBoxHandle } from './SearchBox';
import { useCustomerSearch, type SearchState } from './useCustomerSearch';
import classes from './customers.module.css';

const LIST_ID = 'customer-results';
const PAGE = 10;

type Props = {
  /** The query the box starts with (the one left when the view was last open). */
  initialQuery: string;
  onQueryChange: (query: string) => void;
  openId: string | null;
  onOpen: (id: string | null) => void;
  searchRef: RefObject<HTMLInputElement | null>;
};

/** Search and results on the left, the open customer's account info on the right. */
export function CustomersView({ initialQuery, onQueryChange, openId, onOpen, searchRef }: Props) {
  const t = useT();
  const format = useFormat();
  const describe = useDescribeError();
  const { refresh, cacheVersion, startRefresh } = useLiveStatus();
  // A refresh changes the cache as it goes: search again now and then, and when it ends.
  const search = useCustomerSearch(initialQuery, cacheVersion);
  // What is shown answers this query; the box may already hold a newer one, not yet answered.
  const query = search.loaded ? search.query : initialQuery;
  const searchBox = useRef<SearchBoxHandle | null>(null);
  const [activeId, setActiveId] = useState<string | null>(openId);
  const { session } = useSession();
  const [creating, setCreating] = useState(false);

  // A new query puts the highlight on the first result (Enter opens the best match). New results
  // for the same query (a status changed, the rest of the page) keep it on the same row, else the
  // open one, else the first. Adjusted while rendering, not in an effect: an effect would cost a
  // second render and commit after every keystroke's results.
  const [highlightFor, setHighlightFor] = useState<{ query: string; items: SearchState['items'] } | null>(null);
  if (highlightFor?.items !== search.items) {
    setHighlightFor({ query: search.query, items: search.items });
    setActiveId(highlightAfter(search.items.map((c) => c.id), { current: activeId, sameQuery: highlightFor?.query === search.query, query: search.query, openId }));
  }

  // The search starts from the input's event; nothing renders until its answer does.
  const { request } = search;
  const changeQuery = useCallback(
    (next: string) => {
      request(next);
      onQueryChange(next);
    },
    [request, onQueryChange],
  );
  const openWizard = useCallback(() => setCreating(true), []);
  const closeAccount = useCallback(() => onOpen(null), [onOpen]);
  const closeWizard = useCallback(() => setCreating(false), []);

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
        if (!searchRef.current?.value) return;
        searchBox.current?.set('');
        if (!inInput) searchRef.current?.focus();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  // Stable for the memoised search box and list: a keystroke's results re-render what changed only.
  const keyDown = useStableHandler(onKeyDown);

  const cacheEmpty = search.loaded && search.total === 0 && query.trim() === '' && !search.error;
  const noMatches = search.loaded && search.total === 0 && query.trim() !== '' && !search.error;

  return (
    <div className={classes.split}>
      {/* data-query: the query the results on screen answer (tests and timing wait for it). */}
      <section className={classes.listPane} aria-label={t('ui.customers.listLabel')} data-query={search.loaded ? search.query : undefined}>
        <div className={classes.toolbar}>
          <SearchBox
            initialValue={initialQuery}
            onChange={changeQuery}
            handleRef={searchBox}
            onKeyDown={keyDown}
            inputRef={searchRef}
            listId={LIST_ID}
            activeOptionId={activeId ? optionId(activeId) : undefined}
          />
          {!cacheEmpty && (
            <Group justify="space-between" wrap="nowrap" gap="xs" mih={28}>
              <ResultCount loaded={search.loaded} total={search.total} more={search.more} all={query.trim() === ''} />
              <ListActions canCreate={session.canConfirm} onCreate={openWizard} refreshing={refresh !== null} onRefresh={startRefresh} />
            </Group>
          )}
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
            onKeyDown={keyDown}
          />
        )}
        {search.loaded && search.complete && !search.more && search.total > search.items.length && (
          <Text size="xs" c="dimmed" className={classes.footer}>
            {t('ui.customers.refine', { shown: format.number(search.items.length) })}
          </Text>
        )}
        {/* Below the list, not above it: the progress comes and goes while the operator works, and
            above the list it moved every row 37 px under the pointer (a click pressed before and
            released after the move opened nothing, or the row beside). */}
        {refresh && !cacheEmpty && (
          <div className={classes.progressFooter}>
            <RefreshProgress progress={refresh} />
          </div>
        )}
      </section>
      <section className={classes.detailPane} aria-label={t('ui.account.paneLabel')}>
        <AccountPanel customerId={openId} onClose={closeAccount} />
      </section>
      <NewCustomerWizard opened={creating} onClose={closeWizard} />
    </div>
  );
}

/** Where the highlight goes when new results arrive. */
function highlightAfter(ids: string[], was: { current: string | null; sameQuery: boolean; query: string; openId: string | null }): string | null {
  if (was.sameQuery && was.current && ids.includes(was.current)) return was.current;
  if (!was.sameQuery && was.query.trim() !== '') return ids[0] ?? null;
  if (was.openId && ids.includes(was.openId)) return was.openId;
  return ids[0] ?? null;
}

/** "New customer" and "Reload customers from Partner Center" (hidden while a refresh runs). */
const ListActions = memo(function ListActions({ canCreate, onCreate, refreshing, onRefresh }: { canCreate: boolean; onCreate: () => void; refreshing: boolean; onRefresh: () => Promise<unknown> }) {
  const t = useT();
  return (
    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
      <NewCustomerButton canCreate={canCreate} onClick={onCreate} />
      {!refreshing && (
        <Tooltip label={t('ui.customers.refreshHint')}>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('ui.customers.refreshAll')} onClick={() => void onRefresh()}>
            <IconRefresh size={15} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
});

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
const ResultCount = memo(function ResultCount({ loaded, total, more, all }: { loaded: boolean; total: number; more: boolean; all: boolean }) {
  const t = useT();
  const text = !loaded
    ? '\u00a0'
    : more
      ? t('ui.customers.countMore', { count: total })
      : all
        ? t(total === 1 ? 'ui.customers.countAllOne' : 'ui.customers.countAll', { count: total })
        : t(total === 1 ? 'ui.customers.countOne' : 'ui.customers.count', { count: total });
  return (
    <Text size="xs" c="dimmed" lh={1.3} aria-live="polite" miw={0} data-testid="result-count" data-total={total} data-more={more || undefined}>
      {text}
    </Text>
  );
});
