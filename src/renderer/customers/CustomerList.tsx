import { Skeleton, Stack } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import type { CustomerSummary } from '../../shared/domain';
import { useT } from '../i18n/useT';
import { CustomerRow } from './CustomerRow';
import classes from './customers.module.css';

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

/** The results as a listbox: focusable, arrow keys move the highlight, Enter or a click opens. */
export function CustomerList({ id, items, activeId, openId, onActivate, onOpen, onKeyDown }: Props) {
  const t = useT();
  return (
    <ul
      id={id}
      role="listbox"
      aria-label={t('ui.customers.results')}
      aria-activedescendant={activeId ? optionId(activeId) : undefined}
      tabIndex={0}
      className={classes.list}
      onKeyDown={onKeyDown}
    >
      {items.map((customer) => (
        <CustomerRow
          key={customer.id}
          customer={customer}
          optionId={optionId(customer.id)}
          active={customer.id === activeId}
          open={customer.id === openId}
          onClick={() => {
            onActivate(customer.id);
            onOpen(customer.id);
          }}
        />
      ))}
    </ul>
  );
}

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
