import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AuditEventInput } from '../../activities/audit-log';
import type { AuditStore } from '../../activities/store';
import { newUlid } from '../../activities/ids';
import { auditEventsSignal, recordAuditEvents } from '../../workflows/record-audit-events';
import { JOB_KIND } from '../../workflows/shared/search-attributes';
import { internalMetadata } from '../../workflows/shared/workflow-metadata';
import { AUDIT_WRITER_ID_PREFIX } from '../jobs/internal-workflows';
import { type AcceptedEvent, createStoredEventCheck, DEFAULT_STORED_CHECK_TIMEOUT_MS } from './stored-events';
import { type BacklogLimits, DEFAULT_BACKLOG_LIMITS, createBacklogCheck } from './writer-backlog';
import { type WriterQueue, createWriterQueue } from './writer-queue';

/** Something the service itself did, to be recorded in the audit log. */
export interface ControlAction {
  /** What happened, `<resource type>.<past tense>`: `job.cancelled`, `schedule.paused`. */
  action: string;
  /** What it happened to: `job:<id>`, `schedule:<id>`. */
  resource: string;
  detail?: unknown;
  /** Who did it: the name of the API key that asked; `api` with AUTH_DISABLED. */
  actor?: string;
}

export interface AuditRecorder {
  /**
   * Hands events to their writers; resolves once Temporal has persisted them (the point of the 202), with
   * each event's id and `at`. Events the log already holds are not sent again and come with their recorded `at`.
   * Throws, sending nothing, AuditEventConflictError when the log holds one of their ids with other content,
   * and AuditBacklogError while a writer they go to is backlogged.
   */
  record(events: AuditEventInput[]): Promise<AcceptedEvent[]>;
  /**
   * Records one of the service's own actions, through the same durable path as POST /v1/audit-events.
   * Never refused for a backlog: the action has already happened.
   */
  recordAction(action: ControlAction): Promise<AuditEventInput>;
  /** Events this process has accepted that wait for their signal to a writer, or are in one not yet persisted. */
  pendingEvents(): number;
  /** The writers' workflow ids, one per shard. */
  writerIds: readonly string[];
}

export interface AuditRecorderDeps {
  client: Client;
  taskQueue: string;
  shards: number;
  /** Where the writers record: read to answer a re-sent or conflicting event at once. */
  store: Pick<AuditStore, 'lookUp'>;
  backlog?: BacklogLimits;
  /** How long a request waits for that read. Default DEFAULT_STORED_CHECK_TIMEOUT_MS. */
  storedCheckTimeoutMs?: number;
}

/** A new event id: a ULID, sortable by creation order (see newUlid). */
export function newAuditEventId(): string {
  return newUlid();
}

/** The writer workflow of a shard, an internal workflow. Writers belong to a task queue, so deployments on other queues never share one. */
export function auditWriterId(taskQueue: string, shard: number): string {
  return `${AUDIT_WRITER_ID_PREFIX}${taskQueue}-${shard}`;
}

/** The shard of an event: always the same for the same id, so a client retry reaches the writer that has its first copy. */
export function auditShard(eventId: string, shards: number): number {
  return createHash('sha256').update(eventId).digest().readUInt32BE(0) % shards;
}

export function createAuditRecorder({
  client,
  taskQueue,
  shards,
  store,
  backlog = DEFAULT_BACKLOG_LIMITS,
  storedCheckTimeoutMs = DEFAULT_STORED_CHECK_TIMEOUT_MS,
}: AuditRecorderDeps): AuditRecorder {
  const checkBacklog = createBacklogCheck(client, backlog);
  const checkStored = createStoredEventCheck(store, storedCheckTimeoutMs);
  // Signal-with-start: starts the writer when it is not running (first event, or after it went idle).
  const writers: WriterQueue[] = Array.from({ length: shards }, (_, shard) =>
    createWriterQueue(async (events) => {
      await client.workflow.signalWithStart(recordAuditEvents, {
        workflowId: auditWriterId(taskQueue, shard),
        taskQueue,
        args: [{}],
        signal: auditEventsSignal,
        signalArgs: [events],
        typedSearchAttributes: [{ key: JOB_KIND, value: 'audit-writer' }],
        ...internalMetadata(`audit writer ${shard + 1} of ${shards}: inserts the audit events it is signalled`, {
          'task queue': taskQueue,
          shard,
        }),
      });
    }),
  );
  const send = async (events: AuditEventInput[], { checked }: { checked: boolean }): Promise<void> => {
    const byShard = new Map<number, AuditEventInput[]>();
    for (const event of events) {
      const shard = auditShard(event.id, shards);
      const group = byShard.get(shard);
      if (group) group.push(event);
      else byShard.set(shard, [event]);
    }
    if (checked) await Promise.all([...byShard.keys()].map((shard) => checkBacklog(auditWriterId(taskQueue, shard))));
    await Promise.all([...byShard].map(([shard, group]) => writers[shard]!(group)));
  };
  return {
    pendingEvents: () => writers.reduce((sum, writer) => sum + writer.pendingEvents(), 0),
    writerIds: writers.map((_, shard) => auditWriterId(taskQueue, shard)),
    async record(events) {
      const { unrecorded, accepted } = await checkStored(events);
      if (unrecorded.length > 0) await send(unrecorded, { checked: true });
      return accepted;
    },
    async recordAction({ actor = 'api', action, resource, detail }) {
      const event: AuditEventInput = {
        id: newAuditEventId(),
        actor,
        action,
        resource,
        at: new Date().toISOString(),
        ...(detail === undefined ? {} : { detail }),
      };
      await send([event], { checked: false });
      return event;
    },
  };
}
