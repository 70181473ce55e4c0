// The summary lives beside the workflows, which summarise the failure a job event reports (workflows/job-events-interceptors.ts).
export { type JobError, summariseFailure } from '../../workflows/shared/failure-summary';
