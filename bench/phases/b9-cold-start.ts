// B9 cold start: from spawning Afterward in role `all` (its embedded dev server, a fresh data dir each time) to
// /readyz answering 200, from the production build (`node dist/src/main.js`: compiled code, the prebuilt workflow
// bundle) ÷ from the sources (`npm start`: tsx compiling as it loads, webpack bundling the workflows at start).
// The build is made once, into a directory of its own, before the rounds; the rounds alternate.
import fs from 'node:fs';
import { findTemporalCli } from '../../src/temporal/cli-binary';
import { FROM_SOURCES, startAllInOne, stopProcess } from '../../test/helpers/main-process';
import { buildDir, buildInto, fromBuild } from '../../test/helpers/production-build';
import { ms, type Phase, ratio } from '../lib/context';
import { nowMs, round, summarize } from '../lib/stats';

const ORDER = ['build', 'sources', 'sources', 'build', 'sources', 'build', 'build', 'sources'] as const;
type Start = (typeof ORDER)[number];
const READY_WITHIN_MS = 120_000;

export const b9ColdStart: Phase = {
  id: 'B9',
  title: 'Cold start',
  async run(ctx) {
    const cli = findTemporalCli();
    if (!cli) throw new Error('no temporal CLI: run `npm run temporal:install`');
    const outDir = buildDir('bench-build-');
    try {
      const buildStarted = nowMs();
      await buildInto(outDir);
      const buildMs = round(nowMs() - buildStarted);
      ctx.log(`  npm run build: ${ms(buildMs)}`);
      const nodeArgs: Record<Start, string[]> = { build: fromBuild(outDir), sources: FROM_SOURCES };
      const samples: Record<Start, number[]> = { build: [], sources: [] };
      for (const start of ORDER) {
        const started = nowMs();
        const { run, dataDir } = await startAllInOne(
          'afterward-cold-start-',
          { LOG_LEVEL: 'warn', AUTH_DISABLED: 'true' },
          undefined,
          { nodeArgs: nodeArgs[start], cleanEnv: true, cli, readyTimeoutMs: READY_WITHIN_MS },
        );
        samples[start].push(round(nowMs() - started));
        ctx.log(`  ${start}: ready in ${ms(samples[start].at(-1)!)}`);
        await stopProcess(run);
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
      const build = summarize(samples.build);
      const sources = summarize(samples.sources);
      return {
        rows: [
          {
            measure: `spawn → /readyz 200, role all, p50 of ${build.count} (node dist/src/main.js ÷ npm start)`,
            ours: ms(build.p50),
            baseline: ms(sources.p50),
            ratio: ratio(build.p50, sources.p50),
            target: '< 1',
            met: build.p50 < sources.p50,
          },
        ],
        data: { order: ORDER, samplesMs: samples, build, sources, buildMs },
      };
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  },
};
