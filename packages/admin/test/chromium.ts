import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { toNodeListener, type WebHandler } from '../src/node-adapter';

/** Where Chromium is (Debian's package by default). */
export const CHROMIUM = process.env.LIFELINE_CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Set to 1 only to skip the browser tests on purpose (CI refuses skips). */
export const SKIP_BROWSER = process.env.LIFELINE_SKIP_BROWSER === '1';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The element's text with whitespace collapsed. */
export const text = async (locator: Locator) =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** Serves `handler` on 127.0.0.1 and opens a real Chromium on it; `close` stops both. */
export async function openBrowser(handler: WebHandler): Promise<{
  origin: string;
  page: Page;
  browser: BrowserContext;
  consoleErrors: string[];
  close: () => Promise<void>;
}> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it (apt-get update && apt-get install -y chromium) or set LIFELINE_CHROMIUM_PATH; set LIFELINE_SKIP_BROWSER=1 only to skip this test on purpose.`,
    );
  }
  const server: Server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'lifeline-admin-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  return {
    origin,
    page,
    browser,
    consoleErrors,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
