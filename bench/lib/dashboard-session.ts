// Signing in to the dashboard as a browser does: the key in a form posted from the dashboard's own origin
// (the sign-in checks Origin), the session cookie back; a page is then fetched with that cookie alone.

/** The `name=value` of the session cookie the dashboard sets for `key`. */
export async function dashboardSessionCookie(apiUrl: string, key: string): Promise<string> {
  const response = await fetch(`${apiUrl}/dashboard/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: apiUrl },
    body: new URLSearchParams({ key, next: '/dashboard/jobs' }),
  });
  const body = await response.text();
  if (response.status !== 303) throw new Error(`dashboard sign-in: ${response.status} ${body.slice(0, 200)}`);
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!cookie) throw new Error('dashboard sign-in set no cookie');
  return cookie;
}
