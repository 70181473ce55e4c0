// CPU time from /proc (Linux): who used the machine during a phase, so a report can say what bounded
// it, and how much went to processes that are not part of the benchmark.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { descendantProcesses } from '../../test/helpers/processes';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds of a live process (all its threads), and of its children it has reaped; 0s once it has gone. */
function cpuOf(pid: number): { own: number; reapedChildren: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return {
      own: (fields[11]! + fields[12]!) / TICKS_PER_SECOND,
      reapedChildren: (fields[13]! + fields[14]!) / TICKS_PER_SECOND,
    };
  } catch {
    return { own: 0, reapedChildren: 0 };
  }
}

/** User + system CPU seconds a live process (all its threads) has used; 0 once it has gone. */
export function processCpuSeconds(pid: number): number {
  return cpuOf(pid).own;
}

/**
 * CPU seconds of a process and everything it started, the exited too: a server that forks a process
 * per connection (PostgreSQL) counts its reaped children's time in its own cutime and cstime.
 */
export function processTreeCpuSeconds(pid: number): number {
  return [pid, ...descendantProcesses(pid)].reduce((sum, p) => {
    const { own, reapedChildren } = cpuOf(p);
    return sum + own + reapedChildren;
  }, 0);
}

/** CPU seconds the whole machine has spent busy, and stolen by the hypervisor, since boot. */
export function machineCpuSeconds(): { busy: number; steal: number } {
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND, steal: steal! / TICKS_PER_SECOND };
}

export interface CpuSnapshot {
  atMs: number;
  loadAverage: number;
  /** CPU seconds so far of the processes under test, and of the bench process itself. */
  processes: { temporal: number; afterward: number; bench: number };
  machine: { busy: number; steal: number };
}

export interface PhaseUsage {
  wallSeconds: number;
  /** 1-minute load average before and after. */
  loadAverage: [number, number];
  /** CPU seconds used during the phase; `others` is every process outside the benchmark. */
  cpuSeconds: { temporal: number; afterward: number; bench: number; others: number; stolen: number };
}

export function snapshot(processes: CpuSnapshot['processes'], loadAverage: number): CpuSnapshot {
  return { atMs: Date.now(), loadAverage, processes, machine: machineCpuSeconds() };
}

export function usageBetween(a: CpuSnapshot, b: CpuSnapshot): PhaseUsage {
  const spent = (key: keyof CpuSnapshot['processes']): number =>
    Math.round((b.processes[key] - a.processes[key]) * 10) / 10;
  const ours = spent('temporal') + spent('afterward') + spent('bench');
  return {
    wallSeconds: Math.round((b.atMs - a.atMs) / 1000),
    loadAverage: [a.loadAverage, b.loadAverage],
    cpuSeconds: {
      temporal: spent('temporal'),
      afterward: spent('afterward'),
      bench: spent('bench'),
      others: Math.max(0, Math.round((b.machine.busy - a.machine.busy - ours) * 10) / 10),
      stolen: Math.round((b.machine.steal - a.machine.steal) * 10) / 10,
    },
  };
}
