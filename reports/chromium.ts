/**
 * Headless Chromium (Debian's, at /usr/bin/chromium) driven by playwright-core, for
 * the report tests: a fresh profile per browser, and a record of every console error
 * and every request a page makes (none is allowed: a report is self-contained).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

export function haveChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface Browser {
  open(file: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Every URL requested other than the page's own file. */
  readonly requests: string[];
  /** The page's own measure: ms from navigation start to its first complete render. */
  readonly renderedAtMs: number;
}

export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    viewport,
  });
  return {
    async open(file) {
      const url = pathToFileURL(file).href;
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => {
        if (r.url() !== url) requests.push(r.url());
      });
      await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await page.goto(url);
      await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
      const renderedAtMs = await page.evaluate(() => performance.getEntriesByName('faultline:rendered')[0]?.startTime ?? NaN);
      return { page, errors, requests, renderedAtMs };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
