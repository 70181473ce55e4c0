import { z } from 'zod';
import { type AllowList, checkUrl } from '../../../activities/webhooks';
import { eventType } from '../../kinds/webhook/request-schema';

const eventTypes = z
  .array(eventType)
  .min(1, 'needs at least one event type (leave it out to receive every event)')
  .max(100);
const description = z.string().max(500);

/** `whsec_` + base64 of a 24-64 byte key, as Svix and the Standard Webhooks libraries make them. */
const secret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
  .refine((s) => {
    const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must hold a key of 24 to 64 bytes');

/** An http(s) URL the SSRF policy accepts; literal addresses are judged here, hostnames again at connect time. */
const endpointUrl = (allow: AllowList) =>
  z
    .string()
    .max(2048)
    .superRefine((url, ctx) => {
      const refusal = checkUrl(url, allow);
      if (refusal) ctx.addIssue({ code: 'custom', message: refusal });
    });

/** POST /v1/webhook-endpoints */
export const endpointCreateSchema = (allow: AllowList) =>
  z.strictObject({
    url: endpointUrl(allow),
    secret: secret.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
  });

/** PATCH /v1/webhook-endpoints/:id: null clears eventTypes (every event) or description. */
export const endpointPatchSchema = (allow: AllowList) =>
  z
    .strictObject({
      url: endpointUrl(allow).optional(),
      eventTypes: eventTypes.nullable().optional(),
      description: description.nullable().optional(),
      enabled: z.boolean().optional(),
    })
    .refine((v) => Object.keys(v).length > 0, 'give at least one of url, eventTypes, description, enabled');

/** POST /v1/webhook-endpoints/:id/rotate-secret */
export const rotateSecretSchema = z.strictObject({ secret: secret.optional() });

/** POST /v1/webhook-endpoints/:id/recover */
export const recoverSchema = z.strictObject({
  since: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time with a zone' }),
});
