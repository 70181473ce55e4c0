import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MissingTemplateVariableError } from '../../activities/email-templates/missing-template-variable-error';
import { compileEmailTemplate, renderEmailTemplate } from '../../activities/email-templates/render-template';
import { TemplateCompileError } from '../../activities/email-templates/template-compile-error';

const render = (source: Parameters<typeof compileEmailTemplate>[0], data: Record<string, unknown>) =>
  renderEmailTemplate(compileEmailTemplate(source), data);

describe('email template rendering', () => {
  it('escapes HTML in the html part only, and `| raw` opts out', () => {
    const out = render(
      { subject: 'Hi {{ name }}', text: 'Hello {{ name }}', html: '<p>{{ name }}</p>{{ banner | raw }}' },
      { name: '<b>Ann & Bo</b>', banner: '<hr>' },
    );
    assert.deepEqual(out, {
      subject: 'Hi <b>Ann & Bo</b>',
      text: 'Hello <b>Ann & Bo</b>',
      html: '<p>&lt;b&gt;Ann &amp; Bo&lt;/b&gt;</p><hr>',
    });
  });

  it('names a variable the data lacks, and the part using it', () => {
    assert.throws(
      () => render({ subject: 'ok', html: '<p>{{ user.email }}</p>' }, { user: {} }),
      (err: unknown) =>
        err instanceof MissingTemplateVariableError && err.variable === 'user.email' && err.part === 'html',
    );
    assert.throws(
      () => render({ subject: '{% for i in items %}{{ i }}{% endfor %}' }, {}),
      (err: unknown) => err instanceof MissingTemplateVariableError && err.variable === 'items',
    );
  });

  it('lets an if and a default cover optional variables', () => {
    assert.deepEqual(render({ subject: '{% if vip %}VIP {% endif %}{{ nick | default: "friend" }}' }, {}), {
      subject: 'friend',
    });
  });

  it('reads own properties only, never the prototype', () => {
    assert.throws(
      () => render({ subject: '{{ x.constructor }}' }, { x: {} }),
      (err: unknown) => err instanceof MissingTemplateVariableError && err.variable === 'x.constructor',
    );
  });

  it('names the part that does not compile: an unclosed output or tag, an unknown filter', () => {
    for (const [source, part, reason] of [
      [{ subject: 'Hi {{ name ' }, 'subject', /not closed/],
      [{ subject: 'ok', text: '{% if x %}' }, 'text', /not closed/],
      [{ subject: 'ok', html: '{{ x | nosuch }}' }, 'html', /undefined filter: nosuch/],
    ] as const) {
      assert.throws(
        () => compileEmailTemplate(source),
        (err: unknown) => err instanceof TemplateCompileError && err.part === part && reason.test(err.reason),
      );
    }
  });

  it('refuses the tags that would read a file, as the template compiles', () => {
    for (const source of ["{% include 'package.json' %}", "{% render 'README.md' %}", "{% layout 'package.json' %}x"]) {
      assert.throws(
        () => compileEmailTemplate({ subject: 'ok', text: source }),
        (err: unknown) =>
          err instanceof TemplateCompileError && err.part === 'text' && /is not available/.test(err.reason),
        source,
      );
    }
  });

  it('renders many messages from one compiled template', () => {
    const template = compileEmailTemplate({ subject: 'Order {{ n }}' });
    assert.deepEqual(
      [1, 2, 3].map((n) => renderEmailTemplate(template, { n }).subject),
      ['Order 1', 'Order 2', 'Order 3'],
    );
  });
});
