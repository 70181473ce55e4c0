import type { Context } from 'koa';
import { type AuditPage, cursorAt, InvalidAuditQueryError } from '../../../../activities/store';
import { auditQueryFieldError } from '../../../audit/audit-query-error';
import type { FieldError } from '../../../validation/field-errors';
import { Layout } from '../../layout';
import { withQuery } from '../../links';
import { operationScopes } from '../../operation-scopes';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { sendPage } from '../../render';
import type { ViewContext } from '../../view-context';
import { FilterErrors } from '../jobs/job-filters';
import { AUDIT_PATH, AuditFilters, VerifyButton } from './audit-filters';
import { auditFiltersQuery, type AuditViewQuery, parseAuditQuery } from './audit-query';
import { AuditTable } from './audit-rows';
import { VerifyPanel } from './verify-result';

type ValidQuery = Extract<AuditViewQuery, { ok: true }>;

/**
 * /dashboard/audit: GET /v1/audit-events as a filtered table paged by the API's cursors, and
 * /dashboard/audit/verify: GET /v1/audit-events/verify over the whole chain (a read: it changes nothing).
 */
export function auditPages(deps: PageDeps): PageRoute[] {
  return [
    {
      path: '/audit',
      scopes: operationScopes('GET /v1/audit-events'),
      async handler(ctx, view) {
        const query = parseAuditQuery(ctx.query);
        if (!query.ok) return sendAuditPage(ctx, view, query, undefined, query.errors);
        let page: AuditPage;
        try {
          page = await deps.store.audit.list(query.query);
        } catch (err) {
          // A cursor this server did not issue is a bad field like any other.
          if (!(err instanceof InvalidAuditQueryError)) throw err;
          return sendAuditPage(ctx, view, query, undefined, [auditQueryFieldError(err)]);
        }
        sendAuditPage(ctx, view, query, page);
      },
    },
    {
      path: '/audit/verify',
      scopes: operationScopes('GET /v1/audit-events/verify'),
      async handler(ctx, view) {
        const result = await deps.store.audit.verify();
        const seq = result.brokenAt?.seq;
        const [broken] =
          seq === undefined ? [] : (await deps.store.audit.list({ cursor: cursorAt(seq), limit: 1 })).events;
        sendPage(
          ctx,
          <Layout title="Audit log" active="audit" view={view}>
            <VerifyPanel result={result} broken={broken?.seq === seq ? broken : undefined} />
            <p>
              <a href={AUDIT_PATH}>Back to the log</a>
            </p>
          </Layout>,
        );
      },
    },
  ];
}

function sendAuditPage(
  ctx: Context,
  view: ViewContext,
  query: AuditViewQuery,
  page?: AuditPage,
  errors: readonly FieldError[] = [],
): void {
  sendPage(
    ctx,
    <Layout title="Audit log" active="audit" view={view}>
      <AuditFilters form={query.form} errors={errors} />
      {errors.length > 0 && <FilterErrors errors={errors} />}
      <VerifyButton />
      {page && query.ok && <AuditListing page={page} query={query} />}
    </Layout>,
    errors.length ? 400 : 200,
  );
}

function AuditListing({ page, query }: { page: AuditPage; query: ValidQuery }) {
  const filters = auditFiltersQuery(query.query);
  return (
    <>
      <AuditTable events={page.events} />
      <nav class="pager" aria-label="Pages">
        {query.query.cursor !== undefined && <a href={withQuery(AUDIT_PATH, filters)}>First page</a>}
        {page.nextCursor ? (
          <a href={withQuery(AUDIT_PATH, { ...filters, cursor: page.nextCursor })} rel="next">
            Next page
          </a>
        ) : (
          <span class="muted">Last page</span>
        )}
      </nav>
    </>
  );
}
