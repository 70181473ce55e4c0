import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { chooseLogFormat, createLogger } from '../../src/logger';

const ISO = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/;

function capture(format: 'json' | 'pretty') {
  const lines: string[] = [];
  return { logger: createLogger('info', { write: (line: string) => void lines.push(line) }, format), lines };
}

describe('the log format', () => {
  it('is readable lines on a terminal and JSON lines elsewhere, unless LOG_FORMAT chooses', () => {
    assert.equal(chooseLogFormat('auto', true), 'pretty');
    assert.equal(chooseLogFormat('auto', false), 'json');
    assert.equal(chooseLogFormat('auto', undefined), 'json', 'stdout.isTTY is undefined on a pipe');
    assert.equal(chooseLogFormat('json', true), 'json');
    assert.equal(chooseLogFormat('pretty', false), 'pretty');
  });

  it('is read from LOG_FORMAT, auto by default, and refuses another value naming the variable', () => {
    assert.equal(loadConfig({}).logFormat, 'auto');
    assert.equal(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat, 'pretty');
    assert.throws(() => loadConfig({ LOG_FORMAT: 'text' }), /^Error: LOG_FORMAT="text" is invalid/);
  });

  it('writes JSON lines with the time in ISO 8601', () => {
    const { logger, lines } = capture('json');
    logger.info({ jobId: 'j1' }, 'job accepted');
    const line = JSON.parse(lines[0]!);
    assert.match(line.time, new RegExp(`^${ISO.source}$`));
    assert.deepEqual([line.level, line.msg, line.jobId], [30, 'job accepted', 'j1']);
  });

  it('writes one readable line a record, with its ISO time, level, message and fields, and no JSON frame', () => {
    const { logger, lines } = capture('pretty');
    logger.warn({ jobId: 'j1' }, 'job slow');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, new RegExp(`^\\[${ISO.source}\\] WARN: job slow \\{"jobId":"j1"\\}\\n$`));
    assert.doesNotMatch(lines[0]!, /"level"|"service"|"msg"/);
  });

  it('redacts secrets in readable lines as in JSON ones', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { logger, lines } = capture(format);
      logger.info({ req: { headers: { authorization: 'Bearer aft_secret' } }, smtp: { password: 'hunter2' } }, 'x');
      assert.doesNotMatch(lines.join(''), /aft_secret|hunter2/, format);
      assert.match(lines.join(''), /\[redacted\]/, format);
    }
  });
});
