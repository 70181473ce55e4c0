import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { taskSigningSecrets } from '../../activities/tasks/signing-secrets';
import { createLogger } from '../../src/logger';
import { taskSigningAtStart } from '../../src/tasks/signing-secret-at-start';
import { waitFor } from '../helpers/wait-for';
import { startTestApi } from '../helpers/api';
import { openTestStore } from '../helpers/audit-stack';
import { TASKS, type TaskTypesStack, startTaskTypesStack } from '../helpers/task-types-stack';

const ENV_SECRETS = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0'];
const CHOSEN = 'whsec_dGFzay1zaWduaW5nLXNlY3JldC1vZi1teS1vd24=';

describe('the task signing secret API', () => {
  let stack: TaskTypesStack;
  before(async () => {
    stack = await startTaskTypesStack('task-signing');
  });
  after(() => stack.close());

  it('rotates the stored secret, answers the new one once, and never shows a secret otherwise', async () => {
    const [first] = (await taskSigningSecrets(TASKS, stack.store.taskSigning)).secrets;
    const before = await stack.request('GET', '/v1/task-signing-secret');
    assert.deepEqual(
      [before.status, before.body.source, before.body.signingSecrets, before.body.retired],
      [200, 'database', 1, []],
    );

    const rotated = await stack.request('POST', '/v1/task-signing-secret/rotate', { grace: '1h' });
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    const graceLeft = Date.parse(rotated.body.retiredUntil) - Date.now();
    assert.ok(
      graceLeft > 3_500_000 && graceLeft <= 3_600_000,
      `the old secret signs for an hour (${graceLeft} ms left)`,
    );
    assert.deepEqual(
      (await taskSigningSecrets(TASKS, stack.store.taskSigning)).secrets,
      [rotated.body.secret, first],
      'the new one first, the old one after it',
    );

    const shown = await stack.request('GET', '/v1/task-signing-secret');
    assert.deepEqual(
      [shown.body.createdAt, shown.body.signingSecrets, shown.body.retired],
      [rotated.body.createdAt, 2, [{ expiresAt: rotated.body.retiredUntil }]],
    );
    assert.doesNotMatch(JSON.stringify(shown.body), /whsec_/);

    const chosen = await stack.request('POST', '/v1/task-signing-secret/rotate', { secret: CHOSEN });
    assert.equal(chosen.body.secret, CHOSEN);
    const defaultGrace = Date.parse(chosen.body.retiredUntil) - Date.parse(chosen.body.createdAt);
    assert.equal(defaultGrace, TASKS.secretGraceMs, 'TASK_SECRET_GRACE_MS by default');
    assert.deepEqual((await taskSigningSecrets(TASKS, stack.store.taskSigning)).secrets, [
      CHOSEN,
      first,
      rotated.body.secret,
    ]);
  });

  it('refuses a bad secret or grace, naming the field', async () => {
    const bad = await stack.request('POST', '/v1/task-signing-secret/rotate', {
      secret: 'whsec_c2hvcnQ=',
      grace: '31d',
      extra: true,
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field).sort(), ['extra', 'grace', 'secret']);
  });

  it('records a rotation in the audit log without the secret', async () => {
    const rotated = await stack.request('POST', '/v1/task-signing-secret/rotate', {});
    // Earlier tests rotated too: wait for this rotation's own event, written by the audit writer.
    const event = await waitFor(
      async () =>
        (await stack.auditEvents('task-signing-secret', 1)).find(
          (e) => (e.detail as any).retiredUntil === rotated.body.retiredUntil,
        ),
      { what: 'the rotation recorded' },
    );
    const events = await stack.auditEvents('task-signing-secret', 1);
    assert.deepEqual([event.action, event.actor], ['task-signing-secret.rotated', 'admin']);
    assert.doesNotMatch(JSON.stringify(events), /whsec_/);
  });

  it('with TASK_SIGNING_SECRET set, says so and answers 409 to a rotation, saying how to rotate', async () => {
    const api = await startTestApi(stack.env.client, stack.taskQueue, {
      store: stack.store,
      tasks: { ...TASKS, signingSecrets: ENV_SECRETS },
    });
    try {
      const shown = await api.request('GET', '/v1/task-signing-secret');
      assert.deepEqual(shown.body, { source: 'TASK_SIGNING_SECRET', signingSecrets: 2, createdAt: null, retired: [] });
      const refused = await api.request('POST', '/v1/task-signing-secret/rotate', {});
      assert.equal(refused.status, 409);
      assert.match(
        refused.body.detail,
        /TASK_SIGNING_SECRET: to rotate, set it to the new secret followed by the old one/,
      );
      assert.deepEqual(
        (await taskSigningSecrets({ signingSecrets: ENV_SECRETS }, stack.store.taskSigning)).secrets,
        ENV_SECRETS,
        'the environment wins',
      );
    } finally {
      await api.close();
    }
  });
});

describe('the task signing secret at first start', () => {
  it('is made and answered once for the banner, then read; TASK_SIGNING_SECRET set, nothing is made', async (t) => {
    const store = await openTestStore('SQLite');
    t.after(() => store.close());
    const logger = createLogger('silent');

    assert.equal(await taskSigningAtStart({ signingSecrets: ENV_SECRETS }, store.taskSigning, logger), undefined);
    assert.deepEqual(await store.taskSigning.describe(), { createdAt: null, retired: [] });

    const made = await taskSigningAtStart({ signingSecrets: undefined }, store.taskSigning, logger);
    const again = await taskSigningAtStart({ signingSecrets: undefined }, store.taskSigning, logger);
    const [secret] = (await taskSigningSecrets({}, store.taskSigning)).secrets;
    assert.deepEqual([made, again], [secret, undefined], 'answered at the first start only: the secret that signs');
  });
});
