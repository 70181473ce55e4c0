// Load loops for the phases: every one is bounded by a count and a duration.
import { nowMs, round, type Summary, summarize } from './stats';

export interface Bounds {
  maxCount: number;
  maxMs: number;
}

export interface ClosedLoopResult {
  ok: number;
  failed: number;
  elapsedMs: number;
  /** Latency of each successful call, in ms. */
  latenciesMs: number[];
  firstError?: string;
}

/** `concurrency` callers, each calling `call` again as soon as the last call returns. */
export async function closedLoop(
  call: (i: number) => Promise<unknown>,
  { concurrency, maxCount, maxMs }: Bounds & { concurrency: number },
): Promise<ClosedLoopResult> {
  const result: ClosedLoopResult = { ok: 0, failed: 0, elapsedMs: 0, latenciesMs: [] };
  const started = nowMs();
  const deadline = started + maxMs;
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < maxCount && nowMs() < deadline) {
      const i = next++;
      const t0 = nowMs();
      try {
        await call(i);
        result.latenciesMs.push(nowMs() - t0);
        result.ok++;
      } catch (err) {
        result.failed++;
        result.firstError ??= (err as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  result.elapsedMs = nowMs() - started;
  return result;
}

export interface PathTotal {
  ok: number;
  failed: number;
  perSec: number;
  latency: Summary;
}

/**
 * Runs a closed loop per entry of `order` (e.g. ABBA BAAB, so drift in the machine's load hits every
 * path alike) and totals each path over its rounds.
 */
export async function alternatingRounds<P extends string>(
  calls: Record<P, (i: number) => Promise<unknown>>,
  order: readonly P[],
  bounds: Bounds & { concurrency: number },
  log: (line: string) => void,
): Promise<Record<P, PathTotal>> {
  const runs = new Map<P, ClosedLoopResult[]>();
  for (const path of order) {
    const run = await closedLoop(calls[path], bounds);
    log(
      `  ${path}: ${run.ok} calls in ${Math.round(run.elapsedMs)} ms${run.failed ? `, ${run.failed} failed (${run.firstError})` : ''}`,
    );
    runs.set(path, [...(runs.get(path) ?? []), run]);
  }
  const totals = {} as Record<P, PathTotal>;
  for (const [path, rounds] of runs) {
    const ok = rounds.reduce((n, r) => n + r.ok, 0);
    const elapsedMs = rounds.reduce((n, r) => n + r.elapsedMs, 0);
    totals[path] = {
      ok,
      failed: rounds.reduce((n, r) => n + r.failed, 0),
      perSec: round((ok / elapsedMs) * 1000, 1),
      latency: summarize(rounds.flatMap((r) => r.latenciesMs)),
    };
  }
  return totals;
}

export interface OpenLoopResult {
  issued: number;
  failed: number;
  /** Wall time each call was issued, by index (ms since the epoch). */
  issuedAt: number[];
  firstError?: string;
}

/**
 * Calls `call` at a fixed arrival rate, whether or not earlier calls have returned (an open system,
 * like users hitting an API), on an absolute schedule so a slow call does not shift the next ones.
 */
export async function openLoop(
  call: (i: number) => Promise<unknown>,
  { ratePerSec, maxCount, maxMs }: Bounds & { ratePerSec: number },
): Promise<OpenLoopResult> {
  const result: OpenLoopResult = { issued: 0, failed: 0, issuedAt: [] };
  const started = nowMs();
  const intervalMs = 1000 / ratePerSec;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < maxCount; i++) {
    const due = started + i * intervalMs;
    if (due > started + maxMs) break;
    const wait = due - nowMs();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    result.issuedAt[i] = nowMs();
    result.issued++;
    pending.push(
      call(i).then(
        () => undefined,
        (err: Error) => {
          result.failed++;
          result.firstError ??= err.message;
        },
      ),
    );
  }
  await Promise.all(pending);
  return result;
}

/** Polls `done` every `intervalMs` until it is true; false when `timeoutMs` passed first. */
export async function pollUntil(
  done: () => Promise<boolean> | boolean,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
