import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import PostalMime from 'postal-mime';
import {
  createMailTransport,
  DEFAULT_SMTP_POOL,
  DEFAULT_SMTP_TIMEOUTS,
  type MailTransport,
} from '../../activities/mail-transport';
import { listOutbox, startOutboxServer, type OutboxServer } from '../../src/mail/outbox-server';

void describe('the local outbox SMTP server', () => {
  let root: string;
  let dir: string;
  let outbox: OutboxServer;
  let transport: MailTransport;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'afterward-outbox-'));
    dir = join(root, '.data', 'outbox');
    outbox = await startOutboxServer({ dir, maxMessageBytes: 64 * 1024 });
    transport = createMailTransport({ url: outbox.url, pool: DEFAULT_SMTP_POOL, timeouts: DEFAULT_SMTP_TIMEOUTS });
  });
  afterEach(async () => {
    for (const name of await readdir(dir)) await rm(join(dir, name));
  });
  after(async () => {
    transport.close();
    await outbox.close();
    await rm(root, { recursive: true, force: true });
  });

  void it('listens on loopback and hands out an smtp:// URL for it', () => {
    assert.equal(outbox.url, `smtp://127.0.0.1:${outbox.port}`);
    assert.ok(outbox.port > 0);
  });

  void it('saves a sent message as a parseable .eml file named after its Message-ID, and lists it', async () => {
    await transport.sendMail({
      from: 'noreply@afterward.test',
      to: 'Zoë <zoe@example.com>',
      subject: 'Café reminder ☕',
      text: 'See you at 10',
      messageId: '<email-01JOUTBOX@afterward.test>',
      date: new Date('2026-03-01T09:30:00Z'),
    });

    const files = await readdir(dir);
    assert.equal(files.length, 1);
    const [file] = files;
    assert.match(file ?? '', /^\d{4}-\d\d-\d\dT[\d-]+Z-email-01JOUTBOX@afterward\.test\.eml$/);
    const parsed = await PostalMime.parse(await readFile(join(dir, file ?? '')));
    assert.equal(parsed.subject, 'Café reminder ☕');
    assert.equal(parsed.text?.trim(), 'See you at 10');
    assert.equal(parsed.messageId, '<email-01JOUTBOX@afterward.test>');

    assert.deepEqual(await listOutbox(dir), [
      {
        file,
        path: join(dir, file ?? ''),
        date: new Date('2026-03-01T09:30:00Z'),
        subject: 'Café reminder ☕',
        to: 'Zoë <zoe@example.com>',
        messageId: '<email-01JOUTBOX@afterward.test>',
      },
    ]);
  });

  void it('keeps both copies when the same message arrives twice, and lists the newest first', async () => {
    const message = { from: 'noreply@afterward.test', to: 'ada@example.com', messageId: '<same@afterward.test>' };
    await transport.sendMail({ ...message, subject: 'first' });
    await transport.sendMail({ ...message, subject: 'second' });

    assert.deepEqual(
      (await listOutbox(dir)).map((entry) => entry.subject),
      ['second', 'first'],
    );
    assert.deepEqual(
      (await listOutbox(dir, { limit: 1 })).map((entry) => entry.subject),
      ['second'],
    );
  });

  void it('refuses a message over the size limit and writes nothing', async () => {
    const err: unknown = await transport
      .sendMail({ from: 'noreply@afterward.test', to: 'ada@example.com', subject: 'big', text: 'x'.repeat(128 * 1024) })
      .then(
        () => assert.fail('expected a 552 refusal'),
        (e: unknown) => e,
      );

    assert.equal((err as { responseCode?: number }).responseCode, 552);
    assert.deepEqual(await readdir(dir), []);
  });

  void it('lists nothing for an outbox that does not exist yet', async () => {
    assert.deepEqual(await listOutbox(join(root, 'missing')), []);
  });

  void it('refuses to listen anywhere but loopback, since it accepts mail without authentication', async () => {
    await assert.rejects(startOutboxServer({ dir, host: '0.0.0.0' }), /loopback only/);
  });
});
