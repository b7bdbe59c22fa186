// CPU time used by this process and by every process it started (the browser Playwright launched:
// its renderer, GPU/display and network processes), read from /proc. On a 2-core machine an
// upload on loopback is CPU-bound: the browser's extra work shows up in the wall clock.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // Linux's USER_HZ is 100

/** CPU milliseconds (user + system) of the processes started by this one, and of this one. */
export function cpuMs(): { children: number; self: number } {
  const procs = new Map<number, { ppid: number; ms: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may itself hold spaces and parentheses.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // The process ended meanwhile.
    }
  }
  const ours = (pid: number) => {
    for (let p = procs.get(pid)?.ppid ?? 0, hops = 0; p > 1 && hops < 32; p = procs.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  let children = 0;
  for (const [pid, p] of procs) if (ours(pid)) children += p.ms;
  const u = process.cpuUsage();
  return { children, self: (u.user + u.system) / 1000 };
}
