import Router from '@koa/router';
import { version } from '../../../package.json';
import { type OpenApiDocument, buildOpenApi } from '../openapi';
import type { SchemaDeps } from '../operations';
import { PROBLEMS_PAGE, PROBLEM_TYPES } from '../problem-types';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The document as a page: every operation, who may call it, and the JSON Schema of what it takes. Nothing loaded from elsewhere. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => {
      const scopes = o['x-scopes'] === 'public' ? 'no key needed' : `scope: ${o['x-scopes'].join(' or ')}`;
      const schemas = [
        ...o.parameters
          .flatMap((p) => ('in' in p && p.in === 'query' ? [p] : []))
          .map((p) => `<li><code>?${escape(p.name)}</code> <code>${escape(JSON.stringify(p.schema))}</code></li>`),
        ...(o.requestBody
          ? [
              `<li>body<pre>${escape(JSON.stringify(o.requestBody.content['application/json'].schema, null, 2))}</pre></li>`,
            ]
          : []),
      ];
      return `<section><h2><code>${method.toUpperCase()} ${escape(path)}</code></h2><p>${escape(o.summary)} <em>(${escape(scopes)})</em></p>${schemas.length ? `<ul>${schemas.join('')}</ul>` : ''}</section>`;
    }),
  );
  const intro = `${escape(doc.info.description)} Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors: <a href="${PROBLEMS_PAGE}">problem types</a>.`;
  return page(`${doc.info.title} API ${doc.info.version}`, intro, operations);
}

/** GET /docs/problems: what each problem `type` (`/docs/problems#<kind>`) means, one anchor each. */
export function renderProblemsPage(): string {
  const sections = Object.entries(PROBLEM_TYPES).map(
    ([kind, p]) =>
      `<section id="${kind}"><h2><code>${PROBLEMS_PAGE}#${kind}</code>: ${p.status} ${escape(p.title)}</h2><p>${escape(p.meaning).replace(/`([^`]+)`/g, '<code>$1</code>')}</p></section>`,
  );
  const intro =
    'Every error answer is <code>application/problem+json</code> (RFC 9457): <code>type</code> is one of these, with <code>title</code>, <code>status</code>, <code>detail</code>, <code>instance</code> and the <code>requestId</code>. Back to <a href="/docs">the API</a>.';
  return page('Afterward API problem types', intro, sections);
}

function page(title: string, intro: string, sections: string[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}h2{font-size:1.05rem;margin-top:2rem}</style>
</head><body><h1>${escape(title)}</h1><p>${intro}</p>
${sections.join('\n')}</body></html>`;
}

/** GET /openapi.json, GET /docs and GET /docs/problems, built on first use from the routers as they are mounted. */
export function createApiDocsRouter(deps: SchemaDeps): Router {
  const router = new Router();
  let doc: OpenApiDocument | undefined;
  const document = (): OpenApiDocument => (doc ??= buildOpenApi(deps, version));
  router.get('/openapi.json', (ctx) => {
    ctx.body = document();
  });
  for (const [path, render] of [
    ['/docs', () => renderDocsPage(document())],
    [PROBLEMS_PAGE, renderProblemsPage],
  ] as const) {
    router.get(path, (ctx) => {
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.type = 'html';
      ctx.body = render();
    });
  }
  return router;
}
