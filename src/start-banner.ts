// The block that ends a start of the API (roles all and api): where everything is, and a first command to try.

/** The API key made on first start: in no file (only its hash is) and in no log, shown once here. */
export interface FirstKey {
  key: string;
  /** Where its hash is kept. */
  file: string;
}

export interface StartFacts {
  role: 'all' | 'api';
  apiUrl: string;
  /** The embedded dev server's Web UI, or TEMPORAL_UI_URL; undefined when neither is known. */
  temporalUiUrl?: string;
  /** WORKER_METRICS_ADDRESS, where this process's worker serves the Temporal SDK's metrics. */
  sdkMetricsAddress?: string;
  authDisabled: boolean;
  firstKey?: FirstKey;
  /** The task signing secret made on this start: stored (encrypted with PAYLOAD_KEYS), shown this once. */
  firstTaskSecret?: string;
}

/** The first key's lines: the banner's, or the one thing printed when the start fails after making it. */
export function firstKeyLines({ key, file }: FirstKey): string[] {
  return [
    `API key with every scope, made on first start and shown this once (only its hash is kept, in ${file}):`,
    `  export AFTERWARD_KEY=${key}`,
    'To replace it, delete that file and restart.',
  ];
}

/** The task signing secret's lines: the banner's, or printed when the start fails after making it. */
export function firstTaskSecretLines(secret: string): string[] {
  return [
    "Secret that signs Afterward's calls to your app's task endpoints, made on first start and shown this once:",
    `  export TASK_SIGNING_SECRET=${secret}`,
    'Your app verifies every task call with it (Standard Webhooks headers); to replace it, POST /v1/task-signing-secret/rotate.',
  ];
}

export function startBanner(f: StartFacts): string {
  const api = f.apiUrl.replace(/\/$/, '');
  const rows: [string, string | undefined][] = [
    ['API', api],
    ['API docs', `${api}/docs`],
    ['Dashboard', `${api}/dashboard (sign in with an API key)`],
    ['Temporal UI', f.temporalUiUrl],
    [
      'Metrics',
      `${api}/metrics (scope metrics:read)` +
        (f.sdkMetricsAddress ? `; Temporal SDK: http://${f.sdkMetricsAddress}/metrics` : ''),
    ],
  ];
  const auth = f.authDisabled ? '' : ' -H "authorization: Bearer $AFTERWARD_KEY"';
  const tryIt = f.authDisabled
    ? 'Try it (AUTH_DISABLED: no key):'
    : f.firstKey
      ? 'Try it:'
      : 'Try it, with your API key in $AFTERWARD_KEY:';
  return [
    '',
    `Afterward is ready (role ${f.role}).`,
    ...rows.filter((row) => row[1]).map(([what, where]) => `  ${what.padEnd(12)} ${where}`),
    '',
    ...(f.firstKey ? [...firstKeyLines(f.firstKey), ''] : []),
    ...(f.firstTaskSecret ? [...firstTaskSecretLines(f.firstTaskSecret), ''] : []),
    tryIt,
    `  curl -s -XPOST ${api}/v1/pings${auth} -H 'content-type: application/json' -d '{"message":"hello"}'`,
    '',
    '',
  ].join('\n');
}
