import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

describe('soak: faults, throttling and SIGKILLs', () => {
  it('delivers 300 confirmations with 20% faults and 3 kills: nothing lost, nothing sent twice, counted from Partner Center\u2019s records', () => {
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/soak.ts', '--items', '300', '--fault-rate', '0.2', '--kills', '3'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
    });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(run.stderr, run.stderr).not.toMatch(/Error/);
    const result = JSON.parse(line) as Record<string, number>;
    console.log(`soak: ${line}`);
    expect(result).toMatchObject({ items: 300, lost: 0, duplicates: 0, unwanted: 0, needsAttention: 0, kills: 3 });
    // Most items are real sends; re-confirmations of confirmed customers are sent too; only the
    // ones saved without seeing the customer's acceptance are held back.
    expect(result).toMatchObject({ sent: 195, reconfirmed: 75, alreadyConfirmed: 30 });
    expect(run.status).toBe(0);
  }, 300_000);
});
