// A signal has no answer: one a job cannot apply is logged and kept on the job (memo `rejectedSignals`, which
// the job view shows), never dropped in silence.
import { log, patched, setDefaultSignalHandler, upsertMemo } from '@temporalio/workflow';

/** A signal the job could not apply: the job view shows the last few. */
export interface RejectedSignal {
  name: string;
  at: string;
  reason: string;
}

// The memo comes with every describe and listing: keep it small.
const MAX_REJECTED_SIGNALS = 10;

/** Records signals this run refuses; `patchId` guards the record (older runs took such signals and ignored them). */
export function rejectedSignals(patchId: string): (name: string, reason: string) => void {
  let rejected: RejectedSignal[] = [];
  return (name, reason) => {
    if (!patched(patchId)) return;
    log.warn('Signal rejected', { signal: name, reason });
    rejected = [...rejected, { name, at: new Date().toISOString(), reason }].slice(-MAX_REJECTED_SIGNALS);
    upsertMemo({ rejectedSignals: rejected });
  };
}

// Before it, such a job took any signal and ignored it: histories holding one replay ignoring it.
const NO_SIGNALS_PATCH = 'records-unknown-signals';

/** For a job that takes no signals: every signal sent to it is recorded as refused. */
export function refuseEverySignal(): void {
  const reject = rejectedSignals(NO_SIGNALS_PATCH);
  setDefaultSignalHandler((name) => reject(name, `unknown signal ${JSON.stringify(name)}: this job takes no signals`));
}
