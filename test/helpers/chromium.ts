// Headless Chromium for the Web UI test and `npm run ui:screenshot`: Debian's `chromium` package
// driven by playwright-core (Playwright's own browser download does not work here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM_PATH)
    ? undefined
    : `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium; .ci/run does) to run the Web UI test`;
}

export interface Browser {
  page: Page;
  close(): Promise<void>;
}

/** A fresh profile in a temp dir, one page, every wait bounded by `timeoutMs`. */
export async function launchChromium({ timeoutMs = 30_000 } = {}): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: timeoutMs,
      viewport: { width: 1440, height: 900 },
      timezoneId: 'UTC',
    });
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  context.setDefaultTimeout(timeoutMs);
  context.setDefaultNavigationTimeout(timeoutMs);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `url` until `shown` resolves: the UI reads visibility, which trails a workflow's progress by a
 * moment, so a page that does not show it yet is loaded again, at most `attempts` times and `timeoutMs` in all.
 */
export async function openUntilShown(
  page: Page,
  url: string,
  shown: (page: Page, timeoutMs: number) => Promise<unknown>,
  { attempts = 6, timeoutMs = 45_000, what = url }: { attempts?: number; timeoutMs?: number; what?: string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts && Date.now() < deadline; attempt++) {
    try {
      await page.goto(url, { timeout: Math.max(1000, deadline - Date.now()) });
      await shown(page, Math.max(1000, Math.min(8_000, deadline - Date.now())));
      return;
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(
    `the Web UI did not show ${what} within ${attempts} loads / ${timeoutMs} ms: ${(lastError as Error)?.message?.split('\n')[0]}`,
  );
}
