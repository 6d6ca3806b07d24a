import { describe, expect, it, vi } from 'vitest';
import { callNames, calls, events } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import type { EventListener } from '../../../src/main/core/app-core-types';
import { forwardEvents, wireCalls, type InvokeRegistry } from '../../../src/main/ipc-wiring';
import { BUILT_APP, type SenderInfo } from '../../../src/main/policy';

const app = BUILT_APP;
const appPage = 'app://mca-desk/index.html';

type Handler = (event: SenderInfo, input: unknown) => Promise<Result<unknown>>;

function wire(dispatch = vi.fn(async (): Promise<Result<unknown>> => ({ ok: true, value: 'done' })), core?: () => Promise<never>) {
  const handlers = new Map<string, Handler>();
  const registry: InvokeRegistry<SenderInfo> = { handle: (channel, listener) => void handlers.set(channel, listener) };
  const refused = vi.fn();
  wireCalls(registry, {
    core: core ?? (async () => ({ dispatch })),
    describeSender: (event) => event,
    app,
    onRefused: refused,
  });
  return { handlers, dispatch, refused };
}

const trusted: SenderInfo = { fromAppWindow: true, isTopFrame: true, url: `${appPage}#/customers` };

describe('ipcMain wiring', () => {
  it('registers exactly one handler per call of the contract', () => {
    const { handlers } = wire();
    expect([...handlers.keys()].sort()).toEqual(callNames.map((name) => calls[name].channel).sort());
  });

  it('passes the call name and the raw input to the core, and its answer back', async () => {
    const { handlers, dispatch } = wire();
    const input = { query: 'Société', limit: 5 };
    const answer = await handlers.get(calls.searchCustomers.channel)!(trusted, input);
    expect(dispatch).toHaveBeenCalledWith('searchCustomers', input);
    expect(answer).toEqual({ ok: true, value: 'done' });
  });

  it.each([
    ['another window', { ...trusted, fromAppWindow: false }],
    ['an iframe', { ...trusted, isTopFrame: false }],
    ['a page that is not ours', { ...trusted, url: 'https://example.com/' }],
    ['a frame that is gone', { ...trusted, url: null }],
  ])('answers forbidden to %s without reaching the core', async (_why, sender) => {
    const { handlers, dispatch, refused } = wire();
    const answer = await handlers.get(calls.getSession.channel)!(sender, {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(refused).toHaveBeenCalledWith('getSession', expect.any(String));
  });

  it('answers an internal error, not a rejection, when the core failed to start', async () => {
    const { handlers } = wire(undefined, async () => {
      throw new Error('database from a newer version');
    });
    const answer = await handlers.get(calls.getSession.channel)!(trusted, {});
    expect(answer).toEqual({
      ok: false,
      error: { code: 'internal', message: 'MCA Desk could not start: database from a newer version' },
    });
  });
});

describe('event forwarding', () => {
  it("sends each core event on its contract channel, until unsubscribed", () => {
    let listener: EventListener | undefined;
    const unsubscribe = vi.fn();
    const core = {
      subscribe: (l: EventListener) => {
        listener = l;
        return unsubscribe;
      },
    };
    const send = vi.fn();
    const stop = forwardEvents(core, send);
    listener!('customersChanged', { customerIds: ['c1'] });
    expect(send).toHaveBeenCalledWith(events.customersChanged.channel, { customerIds: ['c1'] });
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
