import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Router from '@koa/router';
import { version } from '../../../package.json';
import { type OpenApiDocument, buildOpenApi } from '../openapi';
import type { SchemaDeps } from '../operations';
import { PROBLEMS_PAGE, PROBLEM_TYPES } from '../problem-types';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Redoc's browser bundle, served by the API itself: the page loads nothing from elsewhere. */
export const DOCS_SCRIPT = '/docs/redoc.standalone.js';
const REDOC_FILE = require.resolve('redoc/bundles/redoc.standalone.js');

/**
 * Redoc renders the document in the page; its bundle finds the `<redoc>` element by itself, so no inline script.
 * What it needs beyond 'self': inline styles (styled-components writes <style> elements), and a worker from a
 * blob: URL for the search index.
 */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  'worker-src blob:',
].join('; ');

/** The one thing the bundle loads from elsewhere: Redocly's logo in the menu, replaced by an empty image. */
const REDOC_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const NO_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

function readScript(): { body: Buffer; etag: string } {
  const body = Buffer.from(fs.readFileSync(REDOC_FILE, 'utf8').replaceAll(REDOC_LOGO, NO_IMAGE));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const title = `${doc.info.title} API ${doc.info.version}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body{margin:0}nav{font:14px/1.5 system-ui,sans-serif;padding:.4rem 1rem;border-bottom:1px solid #ddd}</style>
</head><body><nav>${escape(title)}: <a href="/openapi.json">/openapi.json</a> · <a href="${PROBLEMS_PAGE}">problem types</a></nav>
<redoc spec-url="/openapi.json" path-in-middle-panel="true" json-sample-expand-level="3"></redoc>
<script src="${DOCS_SCRIPT}"></script></body></html>`;
}

/** GET /docs/problems: what each problem `type` (`/docs/problems#<kind>`) means, one anchor each. */
export function renderProblemsPage(): string {
  const sections = Object.entries(PROBLEM_TYPES).map(
    ([kind, p]) =>
      `<section id="${kind}"><h2><code>${PROBLEMS_PAGE}#${kind}</code>: ${p.status} ${escape(p.title)}</h2><p>${escape(p.meaning).replace(/`([^`]+)`/g, '<code>$1</code>')}</p></section>`,
  );
  const title = 'Afterward API problem types';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}h2{font-size:1.05rem;margin-top:2rem}</style>
</head><body><h1>${title}</h1><p>Every error answer is <code>application/problem+json</code> (RFC 9457): <code>type</code> is one of these, with <code>title</code>, <code>status</code>, <code>detail</code>, <code>instance</code> and the <code>requestId</code>. Back to <a href="/docs">the API</a>.</p>
${sections.join('\n')}</body></html>`;
}

/** GET /openapi.json, GET /docs (and its script) and GET /docs/problems; the document is built on first use. */
export function createApiDocsRouter(deps: SchemaDeps): Router {
  const router = new Router();
  let doc: OpenApiDocument | undefined;
  const document = (): OpenApiDocument => (doc ??= buildOpenApi(deps, version));
  let script: { body: Buffer; etag: string } | undefined;
  router.get('/openapi.json', (ctx) => {
    ctx.body = document();
  });
  router.get('/docs', (ctx) => {
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.type = 'html';
    ctx.body = renderDocsPage(document());
  });
  router.get(DOCS_SCRIPT, (ctx) => {
    script ??= readScript();
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.set('ETag', script.etag);
    ctx.type = 'js';
    ctx.status = 200; // ctx.fresh compares the validators of a 2xx answer
    if (ctx.fresh) ctx.status = 304;
    else ctx.body = script.body;
  });
  router.get(PROBLEMS_PAGE, (ctx) => {
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    ctx.type = 'html';
    ctx.body = renderProblemsPage();
  });
  return router;
}
