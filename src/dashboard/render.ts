import type { Context } from 'koa';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a page (or a fragment for a live update) to HTML; preact escapes every text and attribute value. */
export const html = (node: VNode): string => renderToString(node);

export function sendPage(ctx: Context, page: VNode, status = 200): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = `<!doctype html>${html(page)}`;
}
