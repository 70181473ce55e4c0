import type { SequenceStep } from '../../../workflows/run-sequence';
import { sendEmail, type SendEmailWorkflowInput } from '../../../workflows/send-email';
import { emailLine, type EmailSummary } from '../../../workflows/shared/summary-lines';
import { sendTime } from '../../jobs/send-time';
import { type JobKind, plannedJob, startRoute } from '../kind';
import { refuseTiming } from '../start-options';
import { waitControls } from '../wait-controls';
import { emailJob } from './email-job';
import { type EmailRequest, emailRequestSchema, type EmailStartRequest, emailStartSchema } from './request-schema';
import { emailToSend } from './templated-email';

/** An email, now or at its time: a durable timer that can be moved, skipped or cancelled. */
export const emailKind: JobKind = {
  name: 'email',
  workflow: sendEmail,
  summaryLine: (s) => emailLine(s as EmailSummary),
  attemptActivities: ['smtpSend'],
  rateLimit: (deps) => deps.email.activitiesPerSecond,
  start: startRoute<EmailStartRequest>({
    path: '/v1/emails',
    operationId: 'sendEmail',
    summary: 'Send an email now or later, as given or from a stored template',
    schema: (deps) => emailStartSchema(deps.email),
    plan: async (body, deps, ctx) => {
      const { email, template } = await emailToSend(body, deps);
      const jobId = ctx.jobIdFor('email');
      const scheduledFor = sendTime(email);
      const job = emailJob(email, deps.email, { taskQueue: ctx.taskQueue, jobId, sendAt: scheduledFor });
      const summary = template ? { ...job.summary, template } : job.summary;
      return {
        jobs: [plannedJob(sendEmail, [job.input], { jobId, summary, scheduledFor, tags: job.tags })],
        // `sendAt` repeats scheduledFor under the name the request used.
        answer: ([started]) => ({ ...started, sendAt: (started as { scheduledFor: string | null }).scheduledFor }),
      };
    },
  }),
  controls: waitControls,
  schedule: {
    input: (deps) => refuseTiming(emailRequestSchema(deps.email), 'is decided by the schedule: leave it out'),
    start: (input, deps, taskQueue) => {
      const body = input as EmailRequest;
      const job = emailJob(body, deps.email, { taskQueue });
      return { args: [job.input], summary: job.summary, tags: job.tags, priority: body.priority };
    },
    inputOf: ([args], tags, priority) => ({
      ...(args as SendEmailWorkflowInput).message,
      ...(tags?.length ? { tags } : {}),
      ...(priority ? { priority } : {}),
    }),
  },
  step: {
    input: (deps) =>
      refuseTiming(
        emailRequestSchema(deps.email),
        'a step runs when the sequence reaches it: no sendAt or delay here (use a wait step)',
      ),
    build: (input, deps, { taskQueue, childId }) => ({
      type: 'email',
      childId,
      input: emailJob(input as EmailRequest, deps.email, { taskQueue, jobId: childId }).input,
    }),
    inputOf: (step) => (step as Extract<SequenceStep, { type: 'email' }>).input.message,
  },
};
