// The Temporal Web UI pointed at Afterward's codec endpoint (`--ui-codec-endpoint`, the key in the path):
// an encrypted job's input shows in plaintext in headless Chromium, decoded by the browser's call to
// POST /codec/<key>/decode across origins. Screenshots land in test-output/ui/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { AesGcmPayloadCodec, payloadCodecs } from '../../src/temporal/payload-codec';
import { type TestApi, startTestApi } from '../helpers/api';
import { type Browser, chromiumMissing, launchChromium, openUntilShown } from '../helpers/chromium';
import { freePort } from '../helpers/free-port';
import { uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

const SCREENSHOTS = path.join(process.env.AFTERWARD_TEST_OUTPUT ?? 'test-output', 'ui');
const ADDRESS = 'grace.hopper.private@example.com';

describe("the Temporal Web UI with Afterward's codec endpoint", { skip: chromiumMissing() }, () => {
  const keys = [{ id: 'k1', key: randomBytes(32) }];
  let server: DevServer;
  let connection: Connection;
  let api: TestApi;
  let browser: Browser;
  let jobId: string;

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const [port, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    // The codec endpoint is known before the dev server starts: the API listens on a port chosen now, with its key in the path.
    const key = `aft_${randomBytes(32).toString('base64url')}`;
    server = await startDevServer({
      binary: testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
      port,
      uiPort,
      namespace: 'default',
      uiCodecEndpoint: `http://127.0.0.1:${apiPort}/codec/${key}`,
      log: () => {},
    });
    connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter: payloadCodecs(keys) });
    api = await startTestApi(
      client,
      uniqueTaskQueue('codec-ui'),
      { codec: { codec: new AesGcmPayloadCodec(keys), uiOrigin: `http://localhost:${uiPort}` } },
      { port: apiPort, key },
    );
    const accepted = await api.request('POST', '/v1/emails', {
      to: [ADDRESS],
      subject: 'Decoded in the UI',
      text: 'Hello Grace',
      delay: '1h',
    });
    assert.equal(accepted.status, 202);
    jobId = accepted.body.id;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await connection?.close();
    await server?.stop();
  });

  it("shows an encrypted job's input in plaintext, decoded by POST /codec/<key>/decode", async () => {
    const page = browser.page;
    const decodes: number[] = [];
    page.on('response', (response) => void (response.url().endsWith('/decode') && decodes.push(response.status())));
    await openUntilShown(
      page,
      `${server.uiUrl}/namespaces/default/workflows/${jobId}`,
      (p, timeout) => p.getByText(ADDRESS).first().waitFor({ timeout }),
      {
        what: `${ADDRESS} in the job's input`,
      },
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'codec-decoded-input.png'), fullPage: true });
    assert.ok(
      decodes.length > 0 && decodes.every((status) => status === 200),
      `the UI called the codec: ${decodes.join(', ')}`,
    );
  });
});
