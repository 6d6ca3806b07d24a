import { spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLeaseOwnerGone, newLeaseOwner, releaseLeaseOwner } from '../../../src/main/core/sync/lease-owner';

/** A lease owner name as another engine in process `pid` would write it. */
function ownerFor(pid: number, start: string): string {
  return [os.hostname(), String(pid), start, '00000000-0000-4000-8000-000000000000'].join('|');
}

/** The start-time field a lease of the child process carries (from the names this module writes). */
function startOf(owner: string): string {
  return owner.split('|')[2]!;
}

describe('lease owners', () => {
  it('an engine of this process holds its leases until it stops', () => {
    const owner = newLeaseOwner();
    expect(isLeaseOwnerGone(owner)).toBe(false);
    releaseLeaseOwner(owner);
    expect(isLeaseOwnerGone(owner)).toBe(true);
  });

  it('a process that ended is gone at once; a live one never is', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const pid = child.pid!;
    // Written the way the child would name itself: its pid and its start time as the OS tells it.
    const start = process.platform === 'linux' ? (await import('node:fs')).readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]! : '';
    const owner = ownerFor(pid, start);
    expect(isLeaseOwnerGone(owner)).toBe(false);
    // The same pid with another start time is a later process: the lease's owner is gone.
    if (process.platform === 'linux') expect(isLeaseOwnerGone(ownerFor(pid, `${Number(start) + 1}`))).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(isLeaseOwnerGone(owner)).toBe(true);
  });

  it('never judges owners on another machine or names it did not write', () => {
    expect(isLeaseOwnerGone(['another-desktop', '1', '1', 'x'].join('|'))).toBe(false);
    expect(isLeaseOwnerGone('engine-1')).toBe(false);
    expect(isLeaseOwnerGone(ownerFor(-5, ''))).toBe(false);
    // An earlier process that had our pid (a restart reusing it) is gone.
    const own = newLeaseOwner();
    expect(isLeaseOwnerGone(ownerFor(process.pid, `${startOf(own)}0`))).toBe(true);
    releaseLeaseOwner(own);
  });
});
