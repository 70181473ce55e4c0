// The results of a run: bench/results/<date>.json, a markdown table next to it, and the same table
// pasted into bench/README.md between its results markers.
import fs from 'node:fs';
import path from 'node:path';
import type { PhaseResult } from './context';
import type { PhaseUsage } from './cpu';

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  temporal: string;
  devServer: string;
}

export interface RunReport {
  date: string;
  machine: Machine;
  /** Wall time, load average and who used the CPU during each phase: other work on the machine shows here. */
  usage: Record<string, PhaseUsage>;
  phases: Record<string, PhaseResult & { title: string; error?: string; seconds: number }>;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export function markdown(report: RunReport): string {
  const m = report.machine;
  const lines = [
    `Run of ${report.date} on ${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.temporal}; ${m.devServer}.`,
    '',
    '| phase | measure | ours | baseline | ratio | target | met |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const [id, phase] of Object.entries(report.phases)) {
    if (phase.error) lines.push(`| ${id} ${phase.title} | failed: ${phase.error} | | | | | |`);
    for (const r of phase.rows) {
      lines.push(
        `| ${id} ${phase.title} | ${r.measure} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
      );
    }
  }
  lines.push(
    '',
    `Where the CPU went (seconds; the machine has ${m.nproc} × the wall time; "others" is everything outside the benchmark):`,
    '',
    '| phase | wall s | load avg before → after | Temporal server | Afterward (API + worker) | bench process | others | stolen |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
  );
  for (const [id, u] of Object.entries(report.usage)) {
    const c = u.cpuSeconds;
    lines.push(
      `| ${id} | ${u.wallSeconds} | ${u.loadAverage[0].toFixed(1)} → ${u.loadAverage[1].toFixed(1)} | ${c.temporal} | ${c.afterward} | ${c.bench} | ${c.others} | ${c.stolen} |`,
    );
  }
  const notes = Object.entries(report.phases).flatMap(([id, p]) => (p.notes ?? []).map((n) => `- ${id}: ${n}`));
  if (notes.length) lines.push('', ...notes);
  return lines.join('\n');
}

/** Writes results/<date>.json and .md and, for a run of every phase, replaces the results section of bench/README.md. */
export function writeReport(
  benchDir: string,
  report: RunReport,
  { updateReadme }: { updateReadme: boolean },
): { json: string; md: string } {
  const dir = path.join(benchDir, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, report.date.replace(/[:.]/g, '-'));
  const table = markdown(report);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, `${table}\n`);
  if (!updateReadme) return { json: `${base}.json`, md: `${base}.md` };
  const readme = path.join(benchDir, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const [before, rest] = text.split(START);
  const after = rest?.split(END)[1];
  if (before !== undefined && after !== undefined)
    fs.writeFileSync(readme, `${before}${START}\n${table}\n${END}${after}`);
  return { json: `${base}.json`, md: `${base}.md` };
}
