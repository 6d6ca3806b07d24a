import { CloseButton, Kbd, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { memo, type KeyboardEvent, type RefObject } from 'react';
import { useT } from '../i18n/useT';

type Props = {
  value: string;
  onChange: (value: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  listId: string;
  activeOptionId: string | undefined;
};

/** The search box: focused on start, Ctrl+K from anywhere, Esc clears, arrows move through the results. */
export const SearchBox = memo(function SearchBox({ value, onChange, onKeyDown, inputRef, listId, activeOptionId }: Props) {
  const t = useT();
  const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  return (
    <TextInput
      ref={inputRef}
      value={value}
      autoFocus
      maxLength={200}
      spellCheck={false}
      autoComplete="off"
      aria-label={t('ui.customers.search')}
      aria-controls={listId}
      aria-activedescendant={activeOptionId}
      placeholder={t('ui.customers.searchPlaceholder')}
      leftSection={<IconSearch size={16} stroke={1.7} aria-hidden />}
      rightSectionWidth={value ? 36 : 64}
      rightSection={
        value ? (
          <CloseButton
            size="sm"
            aria-label={t('ui.customers.clearSearch')}
            onClick={() => {
              onChange('');
              inputRef.current?.focus();
            }}
          />
        ) : (
          <span aria-hidden style={{ display: 'flex', gap: 2, pointerEvents: 'none' }}>
            <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>
            <Kbd size="xs">K</Kbd>
          </span>
        )
      }
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={onKeyDown}
    />
  );
});
