// The wait before a job's first attempt (an email's or a webhook's `sendAt`): a durable timer that
// `reschedule` moves and `sendNow` skips. Each control is an update (validated, answers the new state:
// what the API sends) and a signal of the same name and meaning (what `temporal workflow signal` and
// other SDKs send). A signal has no answer, so one that cannot apply is logged and kept on the job.
import {
  ApplicationFailure,
  condition,
  defineSignal,
  defineUpdate,
  patched,
  setDefaultSignalHandler,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { rejectedSignals } from './rejected-signals';
import { JOB_SCHEDULED_FOR } from './search-attributes';

export interface SendTimeState<P extends string = string> {
  phase: P;
  /** When the job is due (ISO 8601); null: now. */
  sendAt: string | null;
}

export interface RescheduleInput {
  /** ISO 8601 with a zone, e.g. 2031-01-01T09:00:00Z. */
  sendAt: string;
}

/** Moves a waiting job to another time; refused once it has left the waiting phase. */
export const rescheduleUpdate = defineUpdate<SendTimeState, [RescheduleInput]>('reschedule');
/** Runs a waiting job at once; refused once it has left the waiting phase. */
export const sendNowUpdate = defineUpdate<SendTimeState, []>('sendNow');
export const rescheduleSignal = defineSignal<[RescheduleInput]>('reschedule');
export const sendNowSignal = defineSignal<[]>('sendNow');

export const CONTROL_NAMES = ['reschedule', 'sendNow'] as const;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;
// Before these handlers, a signal was taken and ignored: histories holding one must replay ignoring it.
const SIGNALS_PATCH = 'control-signals';
// Before it, sendNow left JobScheduledFor at the old time.
const SEND_NOW_PATCH = 'send-now-clears-scheduled-for';

export interface SendTimeOptions<P extends string> {
  /** ISO time to wait for; absent: due at once. */
  sendAt?: string;
  /** The job's phase, `waiting` until due() has resolved. */
  phase: () => P;
  /** What the job is, in refusals: "the email is already sending". */
  noun: string;
  /** The failure type of an update refused because the job no longer waits. */
  notWaitingType: string;
}

export interface SendTime<P extends string> {
  state(): SendTimeState<P>;
  /** Resolves once the job is due. A cancellation while it waits rejects, before anything is sent. */
  due(): Promise<void>;
}

/** Installs the controls (updates, signals, and a default signal handler that records unknown names). */
export function sendTimeControls<P extends string>(o: SendTimeOptions<P>): SendTime<P> {
  let sendAt = o.sendAt ? new Date(o.sendAt) : null;
  let changes = 0;
  const reject = rejectedSignals(SIGNALS_PATCH);
  const state = (): SendTimeState<P> => ({ phase: o.phase(), sendAt: sendAt?.toISOString() ?? null });
  const notWaiting = (): string | undefined =>
    o.phase() === 'waiting' ? undefined : `the ${o.noun} is already ${o.phase()}`;

  const reschedule = ({ sendAt: next }: RescheduleInput): SendTimeState<P> => {
    sendAt = new Date(next);
    changes++;
    upsertSearchAttributes([{ key: JOB_SCHEDULED_FOR, value: sendAt }]);
    return state();
  };
  const sendNow = (): SendTimeState<P> => {
    sendAt = null;
    changes++;
    if (patched(SEND_NOW_PATCH)) upsertSearchAttributes([{ key: JOB_SCHEDULED_FOR, value: null }]);
    return state();
  };

  setHandler(rescheduleUpdate, reschedule, {
    validator: (input) => {
      const refusal = notWaiting();
      if (refusal) throw ApplicationFailure.nonRetryable(refusal, o.notWaitingType);
      const invalid = invalidReschedule(input);
      if (invalid) throw new Error(invalid);
    },
  });
  setHandler(sendNowUpdate, sendNow, {
    validator: () => {
      const refusal = notWaiting();
      if (refusal) throw ApplicationFailure.nonRetryable(refusal, o.notWaitingType);
    },
  });

  const onSignal = (name: string, refusal: string | undefined, apply: () => unknown): void => {
    if (!patched(SIGNALS_PATCH)) return;
    if (refusal === undefined) return void apply();
    reject(name, refusal);
  };
  // Signal input comes from anyone with a CLI: check its shape before reading it.
  setHandler(rescheduleSignal, (input: unknown) =>
    onSignal('reschedule', notWaiting() ?? invalidReschedule(input), () => reschedule(input as RescheduleInput)),
  );
  setHandler(sendNowSignal, () => onSignal('sendNow', notWaiting(), sendNow));
  setDefaultSignalHandler((name) =>
    onSignal(
      name,
      `unknown signal ${JSON.stringify(name)}: this job takes ${CONTROL_NAMES.join(', ')}`,
      () => undefined,
    ),
  );

  return {
    state,
    async due() {
      while (sendAt && sendAt.getTime() > Date.now()) {
        const seen = changes;
        await condition(() => changes !== seen, sendAt.getTime() - Date.now());
      }
    },
  };
}

function invalidReschedule(input: unknown): string | undefined {
  const next = (input as { sendAt?: unknown } | null | undefined)?.sendAt;
  if (typeof next === 'string' && ISO_TIME.test(next) && !Number.isNaN(Date.parse(next))) return undefined;
  return `sendAt ${JSON.stringify(next) ?? 'missing'} is not an ISO time (give {"sendAt":"2031-01-01T09:00:00Z"})`;
}
