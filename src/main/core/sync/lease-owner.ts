import fs from 'node:fs';
import os from 'node:os';
import { newId } from '../clock';

/**
 * Who holds a lease on a queue item: an engine in a process on a machine. A lease names its owner
 * as `host|pid|process start|engine id`, so an engine that starts after a crash can tell a lease
 * whose process is gone (reclaimed at once, then reconciled with Partner Center before anything is
 * sent again) from one a live process holds (the app and the CLI may sync one data folder side by
 * side: never taken from a live one; it runs out by itself).
 */

interface Owner {
  host: string;
  pid: number;
  /** The process's start time as the OS tells it ('' where it cannot: then the pid alone counts). */
  start: string;
}

/** Engines alive in this process (a stopped engine in a live process holds nothing any more). */
const liveEngines = new Set<string>();

/** The start time of a process, to tell it from a later one that got the same pid. */
function processStart(pid: number): string {
  if (process.platform !== 'linux') return '';
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid … starttime(22nd field) …"; comm may hold spaces.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (killed, not yet reaped by its parent) is gone for our purpose.
    if (fields[0] === 'Z' || fields[0] === 'X') return 'dead';
    return fields[19] ?? '';
  } catch {
    return 'dead';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SEPARATOR = '|';
const self: Owner = { host: os.hostname(), pid: process.pid, start: processStart(process.pid) };

/** A new owner name for an engine starting in this process; registered as live until `release`. */
export function newLeaseOwner(): string {
  const owner = [self.host, String(self.pid), self.start, newId()].join(SEPARATOR);
  liveEngines.add(owner);
  return owner;
}

/** The engine stopped: leases it still names are no longer held by anyone alive. */
export function releaseLeaseOwner(owner: string): void {
  liveEngines.delete(owner);
}

/**
 * True when the owner is surely gone: a process on this machine that no longer runs (or whose
 * pid now belongs to a later process), or an engine of this very process that stopped. Owners on
 * other machines, and names this version did not write, are never judged gone.
 */
export function isLeaseOwnerGone(owner: string): boolean {
  const parts = owner.split(SEPARATOR);
  if (parts.length !== 4) return false;
  const [host, pidText, start] = parts as [string, string, string, string];
  const pid = Number(pidText);
  if (host !== self.host || !Number.isInteger(pid) || pid <= 0) return false;
  // Our own pid: an earlier process that had it, or an engine of ours that stopped.
  if (pid === self.pid) return start !== self.start || !liveEngines.has(owner);
  if (!isAlive(pid)) return true;
  const now = processStart(pid);
  if (now === 'dead') return true;
  return start !== '' && now !== '' && now !== start;
}
