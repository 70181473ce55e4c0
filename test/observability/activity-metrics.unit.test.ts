import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { classifySmtpError } from '../../activities/smtp-failure';
import { smtpReplyClass, webhookStatusClass } from '../../src/observability/activity-metrics';
import { familyOf, metricNamesIn } from './prometheus-text';

describe('the classes of side-effect outcomes', () => {
  it('classes a webhook attempt by its status code, else as a timeout or a network failure', () => {
    assert.equal(webhookStatusClass({ statusCode: 204 }), '2xx');
    assert.equal(webhookStatusClass({ statusCode: 410 }), '4xx');
    assert.equal(webhookStatusClass({ error: 'No complete response within 15000 ms' }), 'timeout');
    assert.equal(webhookStatusClass({ error: 'Headers Timeout Error (UND_ERR_HEADERS_TIMEOUT)' }), 'timeout');
    assert.equal(webhookStatusClass({ error: 'connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)' }), 'network');
  });

  it("classes an SMTP send by the server's reply, else by what kept it from replying", () => {
    const failure = (fields: object) => classifySmtpError(Object.assign(new Error('x'), fields));
    assert.equal(smtpReplyClass({ result: { response: '250 2.0.0 Ok: queued' } }), '2xx');
    assert.equal(smtpReplyClass({ error: failure({ responseCode: 451, response: '451 later' }) }), '4xx');
    assert.equal(smtpReplyClass({ error: failure({ responseCode: 550, response: '550 no' }) }), '5xx');
    assert.equal(smtpReplyClass({ error: failure({ code: 'ETIMEDOUT' }) }), 'timeout');
    assert.equal(smtpReplyClass({ error: failure({ code: 'ECONNECTION' }) }), 'network');
    assert.equal(smtpReplyClass({ error: failure({ code: 'EENVELOPE' }) }), 'none');
    assert.equal(smtpReplyClass({ error: ApplicationFailure.create({ message: 'no details' }) }), 'none');
  });
});

describe('metric names in PromQL', () => {
  it('finds every selected metric, with Grafana variables filled in, and refuses invalid PromQL', () => {
    assert.deepEqual(
      metricNamesIn(
        'sum(rate(a_total{kind=~"$kind"}[$__rate_interval])) / on() b or histogram_quantile(0.9, c_bucket)',
      ),
      ['a_total', 'b', 'c_bucket'],
    );
    assert.throws(() => metricNamesIn('sum(rate(a[5m])'), /not valid PromQL/);
  });

  it("maps a histogram's series to its family", () => {
    const families = new Set(['h', 'x_count']);
    assert.deepEqual(
      ['h_bucket', 'h_sum', 'h_count', 'x_count', 'y_sum'].map((n) => familyOf(n, families)),
      ['h', 'h', 'h', 'x_count', 'y_sum'],
    );
  });
});
