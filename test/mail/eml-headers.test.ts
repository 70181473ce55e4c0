import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readEmlHeaders } from '../../src/mail/eml-headers';

void describe('readEmlHeaders', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'afterward-eml-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function headersOf(lines: (string | Buffer)[]): Promise<Map<string, string>> {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.eml`);
    await writeFile(
      path,
      Buffer.concat(lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line))),
    );
    return readEmlHeaders(path);
  }

  void it('decodes Q and B encoded words, joining adjacent words across a folded line', async () => {
    const headers = await headersOf([
      'Subject: =?UTF-8?Q?Caf=C3=A9?=\r\n =?UTF-8?B?IHJlbWluZGVyIOKYlQ==?=\r\n',
      'To: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.com>\r\n',
      '\r\nbody\r\n',
    ]);
    assert.equal(headers.get('subject'), 'Café reminder ☕');
    assert.equal(headers.get('to'), 'Zoë <zoe@example.com>');
  });

  void it('decodes other charsets and raw UTF-8 header text', async () => {
    const headers = await headersOf([
      'Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n',
      'To: Zoë <zoe@example.com>\r\n',
      '\r\n',
    ]);
    assert.equal(headers.get('subject'), 'Grüße');
    assert.equal(headers.get('to'), 'Zoë <zoe@example.com>');
  });

  void it('keys headers by lower-case name, keeps the first of a repeated header and unfolds plain text', async () => {
    const headers = await headersOf([
      'MESSAGE-ID: <first@afterward.test>\r\n',
      'Message-ID: <second@afterward.test>\r\n',
      'X-Note: one\r\n two\r\n',
      '\r\n',
    ]);
    assert.equal(headers.get('message-id'), '<first@afterward.test>');
    assert.equal(headers.get('x-note'), 'one two');
  });

  void it('reads no header from the body, even when a large one is cut at the read limit', async () => {
    const headers = await headersOf([
      'Subject: big\r\n',
      'Content-Type: text/plain\r\n',
      '\r\n',
      'Not-A-Header: body text\r\n',
      Buffer.alloc(200 * 1024, 'x'),
    ]);
    assert.equal(headers.get('subject'), 'big');
    assert.equal(headers.has('not-a-header'), false);
  });
});
