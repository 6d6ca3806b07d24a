import type { startAppCore } from '../../src/main/core/app-core';

export type Core = Awaited<ReturnType<typeof startAppCore>>;

/** A call through the core's dispatch, as the app makes it; a refusal fails the test, naming its code and message. */
export async function value<T>(core: Core, name: Parameters<Core['dispatch']>[0], input: unknown = {}): Promise<T> {
  const result = await core.dispatch(name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
