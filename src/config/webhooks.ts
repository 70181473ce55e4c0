import { EMPTY_ALLOW_LIST } from '../../activities/webhooks';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../workflows/shared/webhook-schedule';
import { duration, durationList, formatDuration } from './duration';
import type { Env } from './read-env';
import { allowList, perSecond, positiveInt } from './values';

export const webhookVariables = {
  WEBHOOK_ALLOW_LIST: allowList
    .optional()
    .describe(
      'comma-separated hosts, addresses or CIDRs that webhooks may reach although the SSRF policy forbids them (`hooks.internal,10.1.0.0/16`)',
    ),
  WEBHOOK_TIMEOUT: duration({ default: '15s', alias: 'WEBHOOK_TIMEOUT_MS' }).describe(
    'one delivery attempt, connect to last byte read',
  ),
  WEBHOOK_MAX_PAYLOAD_BYTES: positiveInt.default(256 * 1024).describe('largest `payload`, as JSON (413 above it)'),
  WEBHOOK_RETRY_SCHEDULE: durationList
    .optional()
    .meta({ shownDefault: `\`${DEFAULT_RETRY_SCHEDULE_MS.map(formatDuration).join(',')}\`` })
    .describe(
      'delay before each attempt (the first is normally 0), comma-separated (`90s`, `2h`, `PT1H`); each gets ±20 % jitter',
    ),
  // Above the default schedule's worst case (about 33 h with jitter).
  WEBHOOK_DEADLINE: duration({ default: '48h', alias: 'WEBHOOK_DEADLINE_MS' }).describe(
    'no attempt starts later than this after the first',
  ),
  WEBHOOK_DISABLE_AFTER: duration({ default: '5d', alias: 'WEBHOOK_DISABLE_AFTER_MS' }).describe(
    'an endpoint failing this long without a success is disabled',
  ),
  WEBHOOK_SECRET_GRACE: duration({ default: '24h', alias: 'WEBHOOK_SECRET_GRACE_MS', allowZero: true }).describe(
    'how long a rotated-out secret keeps signing',
  ),
  WEBHOOK_ACTIVITIES_PER_SECOND: perSecond
    .optional()
    .describe(
      'a ceiling on webhook delivery attempts started per second across all workers; while set, new webhook jobs attempt from the webhook queue `<task queue>-webhook`, whose workers apply it; set it on API and worker processes alike',
    ),
};

export const readWebhooks = (e: Env<typeof webhookVariables>) => ({
  webhooks: {
    allowList: e.WEBHOOK_ALLOW_LIST ?? EMPTY_ALLOW_LIST,
    timeoutMs: e.WEBHOOK_TIMEOUT,
    maxPayloadBytes: e.WEBHOOK_MAX_PAYLOAD_BYTES,
    retryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE_MS,
    deadlineMs: e.WEBHOOK_DEADLINE,
    disableAfterMs: e.WEBHOOK_DISABLE_AFTER,
    secretGraceMs: e.WEBHOOK_SECRET_GRACE,
    activitiesPerSecond: e.WEBHOOK_ACTIVITIES_PER_SECOND,
  },
});
