import { Layout } from '../layout';

interface SignInProps {
  /** Where to go after signing in (a dashboard path). */
  next: string;
  error?: string;
}

/** Paste an API key. It goes to the server in the form post and is never put in a page or in browser storage. */
export function SignInPage({ next, error }: SignInProps) {
  return (
    <Layout title="Sign in">
      <form class="sign-in" method="post" action="/dashboard/sign-in">
        <p>
          Paste an API key. <code>npm start</code> prints one on first start; the dashboard shows what the key's scopes
          allow.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <label>
          API key
          <input
            name="key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            required
            autofocus
            placeholder="aft_…"
          />
        </label>
        <input type="hidden" name="next" value={next} />
        <button type="submit">Sign in</button>
      </form>
    </Layout>
  );
}
