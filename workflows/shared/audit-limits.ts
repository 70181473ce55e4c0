// Temporal fails any payload over 2 MiB (and warns over 256 KiB). Every audit payload (a signal from
// the API, one insert, the events a writer carries into its next run) stays within these limits,
// which leaves room for the envelope; the API's batch limits cannot be configured above them.
export const MAX_AUDIT_PAYLOAD_EVENTS = 1000;
export const MAX_AUDIT_PAYLOAD_BYTES = 1024 * 1024;

/** The size of a value as the JSON payload converter writes it. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}
