// Where the worker's workflow code comes from. From the sources (`npm start`, under tsx) webpack bundles it at
// start, as the SDK would from a workflowsPath; from a build (`node dist/src/main.js`) it is the file that
// `npm run build` bundled beforehand, so a production start runs no webpack.
import fs from 'node:fs';
import path from 'node:path';
import {
  type BundleOptions,
  bundleWorkflowCode,
  Runtime,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Logger } from '../logger';

/**
 * What goes into the bundle: the workflows and every workflow interceptor the worker runs — the request id in logs,
 * the job metrics, the job events (the SDK takes them only at bundling, and ignores a worker's `workflowModules` given a bundle).
 */
export const WORKFLOW_SOURCES = {
  workflowsPath: require.resolve('../../workflows'),
  workflowInterceptorModules: [
    require.resolve('../../workflows/request-id-interceptors'),
    require.resolve('../../workflows/job-metrics-interceptors'),
    require.resolve('../../workflows/job-events-interceptors'),
  ],
} satisfies BundleOptions;

/** The build's bundle, at the root of its output directory: dist/workflows.bundle.js. */
export const WORKFLOW_BUNDLE_FILE = 'workflows.bundle.js';

const RUNNING_FROM_BUILD = path.extname(__filename) === '.js';

let bundled: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflows bundled by webpack, once per process, logging through the SDK's logger as its own bundling does. */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  bundled ??= bundleWorkflowCode({ ...WORKFLOW_SOURCES, logger: Runtime.instance().logger });
  return bundled;
}

/** The worker's `workflowBundle`: the prebuilt file when running from a build, else bundled now. */
export async function workflowBundle(logger?: Logger): Promise<WorkflowBundleOption> {
  if (!RUNNING_FROM_BUILD) return bundleWorkflows();
  const codePath = path.resolve(__dirname, '..', '..', WORKFLOW_BUNDLE_FILE);
  if (!fs.existsSync(codePath)) throw new Error(`no workflow bundle at ${codePath}: build with npm run build`);
  logger?.info({ codePath }, 'workflows: loading the bundle prebuilt by npm run build');
  return { codePath };
}
