// The single workflowsPath bundled into the worker's sandbox.
export * from './deliver-webhook';
export * from './fan-out-webhook';
export * from './ping';
export * from './publish-job-event';
export * from './record-audit-event';
export * from './record-audit-events';
export * from './send-email';
export * from './run-sequence';
export * from './run-task';
export * from './send-email-batch';
