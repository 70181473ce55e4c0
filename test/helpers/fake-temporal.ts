// A stand-in for the Temporal client, for unit tests of the HTTP layer alone (auth, limits, problem
// answers, the route table): an empty namespace that takes workflow starts and lists nothing. Any
// other call throws, naming what was asked, so a test that comes to depend on Temporal's answers
// fails loudly instead of testing a fake: it belongs in the integration tier, on the dev server.
import type { Client } from '@temporalio/client';

export interface FakeTemporal {
  client: Client;
  /** The workflow ids of every workflow.start, in order. */
  starts: string[];
  /** Every call that reached the client, by path ('workflow.start'), in order. */
  calls: string[];
}

type Answers = Record<string, unknown>;

function fakeAt(path: string, answers: Answers, calls: string[]): unknown {
  // A function target, so every path can be called; `then` stays undefined, so no path is a thenable.
  return new Proxy(() => undefined, {
    get(_target, prop) {
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      const next = path ? `${path}.${prop}` : prop;
      return next in answers && typeof answers[next] !== 'function' ? answers[next] : fakeAt(next, answers, calls);
    },
    apply(_target, _this, args: unknown[]) {
      calls.push(path);
      const answer = answers[path];
      if (typeof answer !== 'function')
        throw new Error(`the fake Temporal client has no answer for ${path}(): this test reaches past the HTTP layer`);
      return answer(...args);
    },
  });
}

/** `more` adds answers by path: a value for a property, a function for a call. */
export function fakeTemporal(more: Answers = {}): FakeTemporal {
  const starts: string[] = [];
  const calls: string[] = [];
  const answers: Answers = {
    'options.namespace': 'default',
    'workflow.start': async (_type: unknown, options: { workflowId: string }) => {
      starts.push(options.workflowId);
      return { workflowId: options.workflowId, firstExecutionRunId: `run-of-${options.workflowId}` };
    },
    'workflowService.listWorkflowExecutions': async () => ({ executions: [] }),
    'workflowService.listSchedules': async () => ({ schedules: [] }),
    ...more,
  };
  return { client: fakeAt('', answers, calls) as Client, starts, calls };
}
