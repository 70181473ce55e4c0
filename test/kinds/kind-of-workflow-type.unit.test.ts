// A job's kind from its workflow type, for histories whose workflow carries no JobKind (src/kinds/index.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JOB_KINDS, kindOfWorkflowType } from '../../src/kinds';

describe('kindOfWorkflowType', () => {
  it("names each kind's own workflow", () => {
    assert.equal(kindOfWorkflowType('sendEmail')?.name, 'email');
    assert.equal(kindOfWorkflowType('deliverWebhook')?.name, 'webhook');
    assert.equal(kindOfWorkflowType('runTask')?.name, 'task');
    assert.equal(kindOfWorkflowType('runSequence')?.name, 'sequence');
    for (const kind of JOB_KINDS) assert.equal(kindOfWorkflowType(kind.workflow.name), kind, kind.name);
  });

  it('knows no kind by its name, nor a workflow that is no job', () => {
    assert.equal(kindOfWorkflowType('email'), undefined);
    assert.equal(kindOfWorkflowType('fanOutWebhook'), undefined);
    assert.equal(kindOfWorkflowType('recordAuditEvents'), undefined);
    assert.equal(kindOfWorkflowType(''), undefined);
  });
});
