// The single workflowsPath bundled into the worker's sandbox.
export * from './ping';
