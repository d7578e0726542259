import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Where Chromium is: LIFELINE_CHROMIUM_PATH, else Debian's package. */
export const chromiumPath = process.env.LIFELINE_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Runs `fn` with a page of a headless Chromium on a throwaway profile, and closes it after. */
export async function withChromium<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const profile = await mkdtemp(path.join(tmpdir(), 'next-checkout-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    return await fn(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}
