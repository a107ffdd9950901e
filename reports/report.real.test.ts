/**
 * Reports in a real browser: each page loads with no console error and no network
 * request, draws every op, names the right op for a known-invalid history, and its
 * "jump to the first error" link brings that op into view. Screenshots of a valid
 * and an invalid report are kept under test-results/reports/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../checkers/history/read.js';
import { referenceHistoriesDir } from '../checkers/history/reference.js';
import { tempDir } from '../checkers/history/test-support/files.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { writeCheckReport } from './check-report.js';
import { renderRunReport } from './run-folder.js';
import { haveChromium, launchBrowser, type Browser, type OpenedPage } from './chromium.js';
import { embeddedData } from './test-support/embedded.js';
import { makeRunFolder } from './test-support/run-fixture.js';

const ARTIFACTS = join('test-results', 'reports');
const casFailure = join(referenceHistoriesDir(), 'knossos/cas-register/bad/cas-failure.edn');

/** What main.ts exposes to tests as `window.faultline`. */
interface PageHandle {
  faultline: {
    report: { failing: number };
    timeline: { opCount: number; isOpInView(op: number): boolean; setKey(key: number | null): void };
  };
}

async function clean(opened: OpenedPage): Promise<void> {
  expect(opened.errors, 'console errors').toEqual([]);
  expect(opened.requests, 'network requests').toEqual([]);
  expect(opened.renderedAtMs).toBeGreaterThan(0);
}

async function failingInView(opened: OpenedPage): Promise<{ failing: number; inView: boolean; timelineOnScreen: boolean }> {
  return opened.page.evaluate(() => {
    const { report, timeline } = (globalThis as unknown as PageHandle).faultline;
    const doc = (globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { top: number; bottom: number } } | null }; innerHeight: number });
    const box = doc.document.querySelector('.timeline-canvas')!.getBoundingClientRect();
    return { failing: report.failing, inView: timeline.isOpInView(report.failing), timelineOnScreen: box.top >= 0 && box.top < doc.innerHeight };
  });
}

describe.skipIf(!haveChromium())('reports in Chromium', () => {
  let browser: Browser;
  const dir = tempDir('report-browser');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a valid run: every op drawn, faults and node logs shown, nothing fetched', async () => {
    const run = await makeRunFolder(join(dir, 'store', 'register', '20260101T000000Z'), { ops: 600, seed: 7 });
    const opened = await browser.open(await renderRunReport(run.dir));
    await clean(opened);
    const { page } = opened;
    expect(await page.locator('.verdict-pill').textContent()).toBe('Valid');
    expect(Number(await page.locator('.timeline').getAttribute('data-op-count'))).toBe(run.invocations);
    expect(await page.locator('.chart .uplot').count()).toBe(3);
    await page.screenshot({ path: join(ARTIFACTS, 'valid.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'valid-full.png'), fullPage: true });
    await page.fill('.logs input[type=search]', '"role":"leader"');
    expect(await page.locator('.log-line').count()).toBe(2);
    // Dragging across a chart zooms the timeline to the same window.
    const timeline = page.locator('.timeline');
    const width = async (): Promise<number> => Number(await timeline.getAttribute('data-t1')) - Number(await timeline.getAttribute('data-t0'));
    const before = await width();
    const plot = (await page.locator('.chart .u-over').first().boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.3, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.5, plot.y + plot.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForTimeout(200);
    expect(await width()).toBeLessThan(before * 0.4);
  });

  it('an invalid history of our own: the counterexample names the failing op, and the jump link brings it into view', async () => {
    const run = await makeRunFolder(join(dir, 'store', 'register', '20260101T010000Z'), { ops: 1000, seed: 11, invalid: true });
    const path = await renderRunReport(run.dir);
    const expected = embeddedData(readFileSync(path, 'utf8')).check.counterexample!.op;
    const opened = await browser.open(path);
    await clean(opened);
    const { page } = opened;
    expect(await page.locator('.verdict-pill').textContent()).toBe('Invalid');
    expect(await page.locator('#failing-op .callout-op').textContent()).toBe(`${expected.description} — process ${String(expected.process)}`);
    const before = await failingInView(opened);
    expect(before.inView && before.timelineOnScreen).toBe(false);
    await page.click('#jump-to-error');
    await page.waitForTimeout(300);
    const after = await failingInView(opened);
    expect(after.failing).toBeGreaterThanOrEqual(0);
    expect(after).toMatchObject({ inView: true, timelineOnScreen: true });
    await page.screenshot({ path: join(ARTIFACTS, 'invalid-jump.png') });
  });

  it.skipIf(!existsSync(casFailure))("Knossos' cas-failure.edn: process 70's read of 0 is the op that cannot be linearized", async () => {
    const history = readHistory(casFailure);
    const spec = { name: 'cas-register' as const, initial: 0 };
    const result = await checkOperations(history.operations, spec, { workers: 0 });
    const opened = await browser.open(writeCheckReport(join(dir, 'cas-failure.html'), history, spec, result));
    await clean(opened);
    const { page } = opened;
    expect(await page.locator('#failing-op .callout-op').textContent()).toBe('read → 0 — process 70');
    expect(Number(await page.locator('.timeline').getAttribute('data-op-count'))).toBe(history.events.filter((e) => e.type === 'invoke' && e.process !== 'nemesis').length);
    // The diagram holds the failing op, in red, with its words.
    expect(await page.locator('.cx-diagram .cx-fail-text, .cx-diagram .cx-op-text', { hasText: '✗ read → 0' }).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'invalid.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'invalid-full.png'), fullPage: true });
    await page.click('#jump-to-error');
    await page.waitForTimeout(300);
    expect(await failingInView(opened)).toMatchObject({ inView: true, timelineOnScreen: true });
  });

  it('a stale read proved in one pass: the page says which few ops prove it, and draws them', async () => {
    const lines: string[] = [];
    const event = (time: number, type: string, process: number, f: string, value: unknown): void => {
      lines.push(JSON.stringify({ time, type, process, f, key: 'k', value }));
    };
    // Writes of unknown outcome keep the search busy past its time limit; the read of 1 comes after 2 was seen.
    for (let i = 0; i < 26; i++) event(i, 'invoke', i, 'write', 100 + i);
    event(30, 'invoke', 50, 'write', 1);
    event(31, 'ok', 50, 'write', 1);
    event(32, 'invoke', 51, 'write', 2);
    event(33, 'ok', 51, 'write', 2);
    event(34, 'invoke', 52, 'read', null);
    event(35, 'ok', 52, 'read', 1);
    const file = join(dir, 'stale.jsonl');
    writeFileSync(file, lines.join('\n'));
    const history = readHistory(file);
    const spec = { name: 'kv' as const, initial: null };
    const result = await checkOperations(history.operations, spec, { workers: 0, timeLimitMs: 1 });
    expect(result.counterexample?.witness).toBeDefined();
    const opened = await browser.open(writeCheckReport(join(dir, 'stale.html'), history, spec, result));
    await clean(opened);
    const { page } = opened;
    expect(await page.locator('#failing-op .callout-op').textContent()).toBe('k: read → 1 — process 52');
    expect(await page.locator('#counterexample .lead').textContent()).toContain(`a few of them prove it without the rest: ${result.counterexample!.witness}`);
    expect(await page.locator('.cx-diagram .cx-fail-text, .cx-diagram .cx-op-text', { hasText: '✗ k: read → 1' }).count()).toBe(1);
  });

  it('picking a key shows only its ops', async () => {
    const run = await makeRunFolder(join(dir, 'keys'), { ops: 300, seed: 3 });
    const path = await renderRunReport(run.dir);
    const data = embeddedData(readFileSync(path, 'utf8'));
    const opened = await browser.open(path);
    await clean(opened);
    const key = data.keys.indexOf('k1');
    await opened.page.selectOption('.timeline select', String(key));
    const expected = data.ops.key.filter((k) => k === key).length;
    expect(Number(await opened.page.locator('.timeline').getAttribute('data-op-count'))).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(data.ops.key.length);
  });
});
