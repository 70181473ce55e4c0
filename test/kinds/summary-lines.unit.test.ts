// What a Temporal UI row says of each kind's job: its static summary and details (src/jobs/job-metadata.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailJob } from '../../src/kinds/email/email-job';
import { metadataOfJob } from '../../src/jobs/job-metadata';
import { JOB_KINDS } from '../../src/kinds';
import { loadConfig } from '../../src/config';
import { stepMetadata } from '../../workflows/shared/step-metadata';
import { internalMetadata } from '../../workflows/shared/workflow-metadata';

const HOSTILE = '<img src=x onerror=window.__x=1> [click](javascript:alert(1))';

/** Each kind's redacted summary (the memo's `input`, as its start route makes it), and the line it reads as. */
const SAMPLES: Record<string, { summary: object; line: string }> = {
  email: { summary: { recipients: 1, subject: 'Welcome', attachments: 0 }, line: 'email · 1 recipient · "Welcome"' },
  webhook: {
    summary: { messageId: 'msg-1', event: 'invoice.paid', endpointId: 'ep_1', payloadBytes: 20 },
    line: 'webhook · invoice.paid → ep_1',
  },
  task: { summary: { type: 'report.build', payloadBytes: 12 }, line: 'task · report.build' },
  ping: { summary: { message: 'hello' }, line: 'ping · "hello"' },
  batch: {
    summary: { recipients: 300, subject: 'Your digest', ratePerSecond: 100 },
    line: 'batch · 300 recipients · "Your digest"',
  },
  sequence: { summary: { steps: ['email', 'wait', 'webhook'] }, line: 'sequence · 3 steps: email → wait → webhook' },
  audit: {
    summary: { action: 'report.generated', resource: 'report:daily' },
    line: 'audit · report.generated report:daily',
  },
};

describe('summary lines', () => {
  for (const kind of JOB_KINDS) {
    it(`${kind.name}: a one-line summary from the job's summary, and its fields in the details`, () => {
      const sample = SAMPLES[kind.name];
      assert.ok(sample, `test/kinds/summary-lines.unit.test.ts needs a sample summary for the kind ${kind.name}`);
      const metadata = metadataOfJob({ kind: kind.name, summary: sample.summary, tags: ['t1'] })!;
      assert.equal(metadata.staticSummary, sample.line);
      assert.match(metadata.staticDetails, new RegExp(`^\\*\\*Afterward ${kind.name} job\\*\\*\n`));
      for (const field of Object.keys(sample.summary))
        assert.match(metadata.staticDetails, new RegExp(`\\*\\*${field}\\*\\*: `));
      assert.match(metadata.staticDetails, /- \*\*tags\*\*: t1$/m);
    });
  }

  it('counts recipients and attachments, and cuts a long subject to one short line ending in …', () => {
    const { summary } = emailJob(
      {
        to: ['a@example.com', 'b@example.com'],
        cc: ['c@example.com'],
        subject: `Your\norder ${'x'.repeat(200)}`,
        text: 'the body',
        attachments: [{ filename: 'a.txt', content: 'YQ==' }],
      } as never,
      loadConfig({}).email,
      { taskQueue: 'q', jobId: 'email-1' },
    );
    const { staticSummary, staticDetails } = metadataOfJob({ kind: 'email', summary })!;
    assert.match(staticSummary, /^email · 3 recipients · "Your order x+…" · 1 attachment$/);
    assert.ok(staticSummary.length <= 120, staticSummary);
    assert.doesNotMatch(staticSummary + staticDetails, /@example\.com|the body|YQ==/, 'no address, body or attachment');
  });

  it('escapes request text, so the UI shows it as text, not Markdown or HTML', () => {
    const { staticSummary, staticDetails } = metadataOfJob({
      kind: 'email',
      summary: { recipients: 1, subject: HOSTILE, attachments: 0 },
    })!;
    assert.equal(staticSummary, 'email · 1 recipient · "\\<img src=x onerror=window.__x=1\\> \\[click\\](javasc…"');
    assert.ok(
      staticDetails.includes(
        '- **subject**: \\<img src=x onerror=window\\.\\_\\_x=1\\> \\[click\\]\\(javascript\\:alert\\(1\\)\\)',
      ),
      staticDetails,
    );
    for (const text of [staticSummary, staticDetails])
      assert.doesNotMatch(text.replace(/\\./g, ''), /[<>[\]]/, 'every bracket escaped');
  });

  it('names where a job comes from, leaving out what is not given', () => {
    const { staticDetails } = metadataOfJob({
      kind: 'ping',
      summary: { message: 'x' },
      origin: { request: 'req-1', 'Idempotency-Key': 'order-7', schedule: undefined },
    })!;
    assert.match(staticDetails, /- \*\*request\*\*: req\\-1\n- \*\*Idempotency\\-Key\*\*: order\\-7$/);
    assert.doesNotMatch(staticDetails, /schedule/);
  });

  it('has no metadata for a kind that is not registered', () => {
    assert.equal(metadataOfJob({ kind: 'audit-writer', summary: {} }), undefined);
  });

  it("says a sequence step's kind, what it does and whose step it is", () => {
    const step = stepMetadata(
      { type: 'email', input: { message: { to: ['a@example.com'], subject: 'Hi' }, retry: {} } as never },
      1,
      'sequence-1',
    );
    assert.equal(step.staticSummary, 'step 2 · email · 1 recipient · "Hi"');
    assert.match(step.staticDetails, /- \*\*sequence\*\*: sequence\\-1\n- \*\*step\*\*: 2$/);
    const task = stepMetadata(
      { type: 'task', input: { type: 'build', payload: { secret: 's3cr3t' } } },
      0,
      'sequence-1',
    );
    assert.equal(task.staticSummary, 'step 1 · task · build');
    assert.doesNotMatch(task.staticDetails, /s3cr3t/, 'no payload');
  });

  it('marks internal workflows as such', () => {
    const { staticSummary, staticDetails } = internalMetadata('audit writer 1 of 2', { shard: 0 });
    assert.equal(staticSummary, 'internal · audit writer 1 of 2');
    assert.match(staticDetails, /internal workflow\*\*: not a job/);
  });
});
