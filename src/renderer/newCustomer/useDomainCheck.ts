import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { DOMAIN_SUFFIX, domainPrefixSchema } from '../../shared/new-customer';
import { useApi } from '../api/ApiContext';

export type DomainCheck =
  | { state: 'idle' }
  | { state: 'checking'; domain: string }
  | { state: 'free' | 'taken' | 'unknown'; domain: string };

/**
 * Whether `<prefix>.onmicrosoft.com` is free, asked ~400 ms after the operator stops typing.
 * Offline the core answers null: "unknown", checked again when the item syncs. A valid prefix only;
 * an answer for an older prefix is dropped.
 */
export function useDomainCheck(prefix: string, skip = false): DomainCheck {
  const api = useApi();
  const [debounced] = useDebouncedValue(prefix.trim().toLowerCase(), 400);
  const [check, setCheck] = useState<DomainCheck>({ state: 'idle' });
  const current = prefix.trim().toLowerCase();

  useEffect(() => {
    if (skip || !debounced || !domainPrefixSchema.safeParse(debounced).success) {
      setCheck({ state: 'idle' });
      return;
    }
    let live = true;
    const domain = `${debounced}${DOMAIN_SUFFIX}`;
    setCheck({ state: 'checking', domain });
    void api.checkDomain({ domainPrefix: debounced }).then((result) => {
      if (!live) return;
      if (!result.ok) setCheck({ state: 'unknown', domain });
      else setCheck({ state: result.value.available === null ? 'unknown' : result.value.available ? 'free' : 'taken', domain: result.value.domain });
    });
    return () => {
      live = false;
    };
  }, [api, debounced, skip]);

  // While typing, the last answer is about another prefix.
  if (check.state !== 'idle' && current !== debounced) return { state: 'checking', domain: `${current}${DOMAIN_SUFFIX}` };
  return check;
}
