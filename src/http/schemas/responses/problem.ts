import { z } from 'zod';
import { PROBLEMS_PAGE, PROBLEM_TYPES, type ProblemKind, problemTypeUri } from '../../problem-types';

const problemTypes = (Object.keys(PROBLEM_TYPES) as ProblemKind[]).map(problemTypeUri) as [string, ...string[]];

/** An error answer (RFC 9457), as src/http/middleware/problem-details.ts writes it. */
export const problemSchema = z
  .object({
    type: z.enum(problemTypes).describe(`What the problem is: each one is documented at ${PROBLEMS_PAGE}`),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().describe('The path of the request, without an API key it carried'),
    requestId: z.string().describe('Also in the X-Request-Id header, and on the log lines of the request'),
    errors: z
      .array(
        z.object({
          field: z.string(),
          message: z.string(),
          in: z.enum(['query', 'header']).optional().describe('Absent: a field of the body'),
        }),
      )
      .optional()
      .describe('Each field that is wrong (validation, malformed-json, payload-too-large)'),
    requiredScopes: z.array(z.string()).optional().describe('forbidden: any one of these scopes will do'),
    validSignals: z.array(z.string()).optional().describe('unknown-signal: the signals the job has'),
  })
  .meta({ id: 'Problem' });
