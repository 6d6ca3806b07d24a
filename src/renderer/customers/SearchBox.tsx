import { CloseButton, Kbd, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { memo, useCallback, useImperativeHandle, useLayoutEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { useT } from '../i18n/useT';

/** What the view may do to the box: put a text in it (Esc clears it), as if typed. */
export type SearchBoxHandle = { set: (value: string) => void };

type Props = {
  /** The text it starts with; after that it holds its own (a keystroke renders nothing but the browser's input). */
  initialValue: string;
  onChange: (value: string) => void;
  handleRef: RefObject<SearchBoxHandle | null>;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  listId: string;
  activeOptionId: string | undefined;
};

/**
 * The search box: focused on start, Ctrl+K from anywhere, Esc clears, arrows move through the
 * results. Uncontrolled: React renders it again only when it goes from empty to not (the clear
 * button), never for the typed character, whose frame then has nothing else to do.
 */
export const SearchBox = memo(function SearchBox({ initialValue, onChange, handleRef, onKeyDown, inputRef, listId, activeOptionId }: Props) {
  const [empty, setEmpty] = useState(initialValue === '');
  const changed = useCallback(
    (value: string) => {
      setEmpty(value === '');
      onChange(value);
    },
    [onChange],
  );
  useImperativeHandle(
    handleRef,
    () => ({
      set(value: string) {
        const input = inputRef.current;
        if (input && input.value !== value) input.value = value;
        changed(value);
      },
    }),
    [changed, inputRef],
  );
  // The highlight moves with every keystroke's results: the attribute is set on the input, without
  // rendering Mantine's TextInput again.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    if (activeOptionId) input.setAttribute('aria-activedescendant', activeOptionId);
    else input.removeAttribute('aria-activedescendant');
  }, [activeOptionId, inputRef]);
  return <SearchInput initialValue={initialValue} empty={empty} onChange={changed} onKeyDown={onKeyDown} inputRef={inputRef} handleRef={handleRef} listId={listId} />;
});

const SearchInput = memo(function SearchInput({
  initialValue,
  empty,
  onChange,
  onKeyDown,
  inputRef,
  handleRef,
  listId,
}: Omit<Props, 'activeOptionId'> & { empty: boolean }) {
  const t = useT();
  const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
  return (
    <TextInput
      ref={inputRef}
      defaultValue={initialValue}
      autoFocus
      maxLength={200}
      spellCheck={false}
      autoComplete="off"
      aria-label={t('ui.customers.search')}
      aria-controls={listId}
      placeholder={t('ui.customers.searchPlaceholder')}
      leftSection={<IconSearch size={16} stroke={1.7} aria-hidden />}
      rightSectionWidth={empty ? 64 : 36}
      rightSection={
        empty ? (
          <span aria-hidden style={{ display: 'flex', gap: 2, pointerEvents: 'none' }}>
            <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>
            <Kbd size="xs">K</Kbd>
          </span>
        ) : (
          <CloseButton
            size="sm"
            aria-label={t('ui.customers.clearSearch')}
            onClick={() => {
              handleRef.current?.set('');
              inputRef.current?.focus();
            }}
          />
        )
      }
      onChange={(event) => onChange(event.currentTarget.value)}
      onKeyDown={onKeyDown}
    />
  );
});
