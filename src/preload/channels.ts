import type { CallName, Calls, EventName, events } from '../shared/contract';

/**
 * The contract's channel names and nothing else. electron.vite.config.ts computes this from
 * src/shared/contract.ts at build time and inlines it into the preload, so the sandboxed preload
 * does not carry (and evaluate on every page load) zod and every schema just to learn the names.
 */
export interface ContractChannels {
  calls: { readonly [K in CallName]: string };
  events: { readonly [K in EventName]: string };
}

export function channelsOf(contractCalls: Calls, contractEvents: typeof events): ContractChannels {
  const names = <T extends Record<string, { channel: string }>>(entries: T) =>
    Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, entry.channel])) as {
      [K in keyof T]: string;
    };
  return { calls: names(contractCalls), events: names(contractEvents) };
}
