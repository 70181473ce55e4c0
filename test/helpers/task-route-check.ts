import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from '../../activities/webhooks/signature';

/** A call of an app's task route as Afterward makes it: `body` sent, signed with `secret` over `signedBody`. */
function postTaskCall(url: string, body: string, signing?: { secret: string; signedBody: string }): Promise<Response> {
  const at = new Date();
  const headers = signing && {
    'webhook-id': 'task-check',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(signing.secret).sign('task-check', at, signing.signedBody),
  };
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

/**
 * Checks that an example app's task route verifies its calls: unsigned, signed with another secret, or signed over
 * other bytes than it got is a 401. Answers the route's answer to a genuine call, signed with `secret`.
 */
export async function checkTaskRouteVerifies(url: string, body: string, secret: string): Promise<Response> {
  assert.equal((await postTaskCall(url, body)).status, 401, 'unsigned');
  assert.equal(
    (await postTaskCall(url, body, { secret: generateSecret(), signedBody: body })).status,
    401,
    'signed with another secret',
  );
  assert.equal(
    (await postTaskCall(url, body, { secret, signedBody: `${body} ` })).status,
    401,
    'signed over other bytes',
  );
  return postTaskCall(url, body, { secret, signedBody: body });
}
