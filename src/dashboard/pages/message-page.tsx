import { Layout } from '../layout';
import type { ViewContext } from '../view-context';

/** A page that only says something went wrong (not found, not allowed, Temporal away), with the request id. */
export function MessagePage({ title, detail, view }: { title: string; detail: string; view?: ViewContext }) {
  return (
    <Layout title={title} view={view}>
      <p class="error" role="alert">
        {detail}
      </p>
      <p>
        <a href="/dashboard">Back to the overview</a>
      </p>
    </Layout>
  );
}
