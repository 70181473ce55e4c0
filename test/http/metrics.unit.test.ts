import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApi, startTestApi } from '../helpers/api';
import { fakeTemporal } from '../helpers/fake-temporal';

describe('GET /metrics', () => {
  let api: TestApi;

  before(async () => {
    api = await startTestApi(fakeTemporal().client, 'metrics');
  });
  after(() => api.close());

  it('counts requests by method, route template and status in a latency histogram', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await api.request('GET', `/v1/webhook-endpoints/ep_missing${i}`)).status, 404);
    assert.equal((await api.request('POST', '/v1/pings', { nope: 1 })).status, 400);
    await api.request('GET', '/no/such/route');
    const { status, headers, body } = await api.request('GET', '/metrics');
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const count = (labels: string): number =>
      Number(new RegExp(`^afterward_http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(body)?.[1]);
    assert.equal(count('method="GET",route="/v1/webhook-endpoints/:id",status="404"'), 3);
    assert.equal(count('method="POST",route="/v1/pings",status="400"'), 1);
    assert.equal(count('method="GET",route="unmatched",status="404"'), 1, 'unknown paths share one label');
    assert.match(
      body,
      /^afterward_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/v1\/webhook-endpoints\/:id",status="404"\} \d+$/m,
    );
    assert.ok(!body.includes('ep_missing'), 'never the raw path');
    assert.match(body, /^process_cpu_user_seconds_total \d/m, "and the process's own metrics");
    assert.match(body, /^nodejs_eventloop_lag_seconds \d/m);
  });
});
