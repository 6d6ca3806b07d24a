import { Skeleton, Stack } from '@mantine/core';
import { memo, useCallback, useEffect, type KeyboardEvent } from 'react';
import type { CustomerSummary } from '../../shared/domain';
import { useT } from '../i18n/useT';
import { useSession } from '../session/SessionProvider';
import { CustomerRow } from './CustomerRow';
import classes from './customers.module.css';
import { useWindowedRows } from './useWindowedRows';

/** Every row has this height (customers.module.css `.row`), which makes windowing simple. */
export const ROW_HEIGHT = 56;

export const optionId = (customerId: string) => `customer-option-${customerId}`;

type Props = {
  id: string;
  items: CustomerSummary[];
  activeId: string | null;
  openId: string | null;
  onActivate: (id: string) => void;
  onOpen: (id: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
};

/**
 * The results as a listbox: focusable, arrow keys move the highlight, Enter or a click opens.
 * Only the rows in view are rendered (up to 500 results); the highlighted row is always scrolled
 * into view, so `aria-activedescendant` always names an element on the page. Memoised, with
 * memoised rows: a keystroke re-renders the list only when its results arrive, and then only the
 * rows that changed.
 */
export const CustomerList = memo(function CustomerList({ id, items, activeId, openId, onActivate, onOpen, onKeyDown }: Props) {
  const t = useT();
  const { session } = useSession();
  const select = useCallback(
    (customerId: string) => {
      onActivate(customerId);
      onOpen(customerId);
    },
    [onActivate, onOpen],
  );
  const rows = useWindowedRows<HTMLUListElement>(items.length, ROW_HEIGHT);
  const activeIndex = activeId ? items.findIndex((c) => c.id === activeId) : -1;
  const { scrollIntoView } = rows;

  useEffect(() => {
    scrollIntoView(activeIndex);
  }, [activeIndex, items, scrollIntoView]);

  return (
    <ul
      id={id}
      ref={rows.ref}
      role="listbox"
      aria-label={t('ui.customers.results')}
      aria-activedescendant={activeIndex >= 0 && activeId ? optionId(activeId) : undefined}
      tabIndex={0}
      className={classes.list}
      onScroll={rows.onScroll}
      onKeyDown={onKeyDown}
    >
      {rows.padTop > 0 && <li role="none" aria-hidden style={{ height: rows.padTop }} />}
      {items.slice(rows.start, rows.end).map((customer, i) => (
        <CustomerRow
          key={customer.id}
          customer={customer}
          optionId={optionId(customer.id)}
          position={rows.start + i + 1}
          setSize={items.length}
          active={customer.id === activeId}
          open={customer.id === openId}
          showStatus={session.mcaAvailable}
          onSelect={select}
        />
      ))}
      {rows.padBottom > 0 && <li role="none" aria-hidden style={{ height: rows.padBottom }} />}
    </ul>
  );
});

export function CustomerListSkeleton() {
  return (
    <Stack gap={0} aria-busy="true">
      {Array.from({ length: 8 }, (_, i) => (
        <Stack key={i} gap={6} px="md" py={12} style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          <Skeleton h={12} w={`${60 + ((i * 13) % 30)}%`} radius="sm" />
          <Skeleton h={10} w={`${35 + ((i * 7) % 20)}%`} radius="sm" />
        </Stack>
      ))}
    </Stack>
  );
}
