import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index';
import { call } from './emulator-call';

/**
 * One emulator for a test file, reset before each test (fresh seed state, no faults): starting
 * one per test would cost a second each. `use` receives it and an Admin agent's bearer token.
 */
export function emulatorPerFile(use: (emulator: Emulator, token: string) => void): void {
  let emulator: Emulator | null = null;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    use(emulator, emulator.issueToken());
  });
  afterAll(() => emulator?.close());
  beforeEach(async () => {
    await call(emulator!.url, 'POST', '/_emulator/reset');
  });
}
