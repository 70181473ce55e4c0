import { duration } from '../../tasks/task-type-schema';
import { rotateSecretSchema } from './webhook-endpoint';

/** POST /v1/task-signing-secret/rotate: a secret of the caller's (else generated), and how long the old one keeps signing. */
export const taskSecretRotateSchema = rotateSecretSchema.extend({
  grace: duration(0, 30 * 86_400_000, 'from 0s to 30d').optional(),
});
