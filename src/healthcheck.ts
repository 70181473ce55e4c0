// The image's HEALTHCHECK, which needs no curl: exits 0 when GET /healthz on HTTP_PORT (on loopback) answers 200,
// else 1. Every role serves /healthz there.
import { httpVariables } from './config/http';
import { readEnv } from './config/read-env';

const { HTTP_PORT } = readEnv({ HTTP_PORT: httpVariables.HTTP_PORT }, process.env);

fetch(`http://127.0.0.1:${HTTP_PORT}/healthz`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.status === 200 ? 0 : 1),
  () => process.exit(1),
);
