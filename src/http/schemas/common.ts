import { z } from 'zod';

/** Labels for listing jobs (`GET /v1/jobs?tag=`). They land in a search attribute: no personal data. */
export const jobTags = z
  .array(z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -'))
  .max(10, 'at most 10 tags')
  .optional();
