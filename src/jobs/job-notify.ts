import type { EndpointStore } from '../../activities/store';
import type { JobNotify } from '../../workflows/shared/job-events';
import { InvalidStartError } from '../kinds/start-errors';

/** A start's `notify` names an endpoint that exists now (one disabled later is skipped when the job closes). */
export async function checkNotify(endpoints: EndpointStore, notify: JobNotify | undefined): Promise<void> {
  if (notify && !(await endpoints.get(notify.endpointId)))
    throw new InvalidStartError('notify.endpointId', `no webhook endpoint with id ${notify.endpointId}`);
}
