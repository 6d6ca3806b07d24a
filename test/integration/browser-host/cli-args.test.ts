import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const host = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/browser-host/cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

describe('browser host command line', () => {
  it('refuses bad options with exit code 2, naming the option and the value', () => {
    const lang = host('--lang', 'de');
    expect(lang.status).toBe(2);
    expect(lang.stderr).toContain('--lang must be en or fr (or a language tag in one of them, like fr-CA) (not "de")');
    const port = host('--port', '70000');
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port must be a number from 0 to 65535 (not "70000")');
    expect(host('--emulator', 'ftp://x').stderr).toContain('--emulator must be a URL like http://127.0.0.1:4100');
    const unknown = host('--colour');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
  });
});
