/**
 * report.html as a reader gets it: the run's report for the synthetic estate (every rule, default
 * policy), rendered as `publishRun` writes it (chunks to a file), then opened from disk in the
 * headless Chromium the browser tests use. Records the file's bytes, the browser's first paint and
 * DOMContentLoaded, when every packed row was unpacked (filters then cover all findings), and the
 * DOM nodes and JS heap of the open page.
 *
 *   npm run bench -- --suite html --sizes 50000 --runs 3
 *   node --expose-gc -r ts-node/register/transpile-only bench/suites/html.ts 10000
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { once } from 'node:events';
import { chromium, type Browser } from 'playwright-core';
import { auditSnapshot } from '../../lib/pipeline/audit';
import { defaultPolicy } from '../../lib/catalogue/load-policy';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { reportHtmlChunks } from '../../lib/reports/html/report';
import { benchEstate, NOW } from '../estate';
import type { BenchSuite } from '../suite';
import { runStandalone } from '../standalone';

const CHROMIUM = '/usr/bin/chromium';
/** DESIGN §8: report.html at 50,000 instances. */
export const HTML_TARGET = { size: 50000, maxBytes: 25 * 1000 * 1000, maxFirstPaintMs: 3000 };

interface PageFigures {
  firstPaintMs: number;
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  unpackedMs: number;
  domNodes: number;
  jsHeapMiB: number;
  countText: string;
}

/** Opens `file` in a fresh context and waits until every packed row is unpacked. */
async function openReport(browser: Browser, file: string): Promise<PageFigures> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 600_000 });
    // The count line says "Unpacking N more…" until the last block is in.
    await page.waitForFunction(() => {
      const t = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById('findings-count')?.textContent ?? '';
      return t !== '' && !t.includes('Unpacking');
    }, undefined, { timeout: 600_000, polling: 50 });
    return await page.evaluate(() => {
      const g = globalThis as unknown as {
        performance: { now(): number; getEntriesByType(t: string): { name: string; startTime: number; domContentLoadedEventEnd?: number }[]; memory?: { usedJSHeapSize: number } };
        document: { getElementsByTagName(t: string): { length: number }; getElementById(id: string): { textContent: string | null } | null };
      };
      const paint = (name: string) => g.performance.getEntriesByType('paint').find((e) => e.name === name)?.startTime ?? NaN;
      const nav = g.performance.getEntriesByType('navigation')[0];
      return {
        firstPaintMs: Math.round(paint('first-paint')),
        firstContentfulPaintMs: Math.round(paint('first-contentful-paint')),
        domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? NaN),
        unpackedMs: Math.round(g.performance.now()),
        domNodes: g.document.getElementsByTagName('*').length,
        jsHeapMiB: Math.round((g.performance.memory?.usedJSHeapSize ?? NaN) / 2 ** 20),
        countText: g.document.getElementById('findings-count')?.textContent ?? '',
      };
    });
  } finally {
    await context.close();
  }
}

const suite: BenchSuite = {
  name: 'html',
  description: 'report.html of the synthetic estate (default policy): bytes, then opened from disk in headless Chromium: first paint, DOMContentLoaded, all rows unpacked, DOM nodes',
  unit: 'instances',
  sizes: [10000, 50000],
  quickSizes: [1000],
  primary: 'first paint',
  targets: [{ label: 'first paint', size: HTML_TARGET.size, maxMedianMs: HTML_TARGET.maxFirstPaintMs }],
  async run(size, ctx) {
    if (!existsSync(CHROMIUM)) throw new Error(`the html suite needs Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    const work = mkdtempSync(join(tmpdir(), 'vmaudit-bench-html-'));
    const file = join(work, 'report.html');
    let browser: Browser | undefined;
    try {
      const policy = defaultPolicy(FULL_CATALOGUE);
      const doc = await ctx.measure('evaluate (set-up)', () => auditSnapshot(benchEstate(size), policy.policy, { rules: FULL_CATALOGUE, now: NOW, startedAt: NOW, source: 'bench', policySource: policy.source }), { runs: 1, warmup: 0 });
      ctx.note('findings', doc.findings.length);
      ctx.note('listedFindings', doc.findings.filter((f) => f.status !== 'PASS').length);
      await ctx.measure('render report.html', async () => {
        const out = createWriteStream(file);
        for (const c of reportHtmlChunks(doc)) if (!out.write(c)) await once(out, 'drain');
        out.end();
        await once(out, 'close');
      }, { runs: 1, warmup: 0 });
      const bytes = statSync(file).size;
      ctx.note('reportBytes', bytes);
      if (size === HTML_TARGET.size) ctx.note('reportBytesTarget', bytes <= HTML_TARGET.maxBytes ? `met (≤ ${HTML_TARGET.maxBytes})` : `MISSED (> ${HTML_TARGET.maxBytes})`);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'] });
      const b = browser;
      const seen: PageFigures[] = [];
      // The browser's own first-contentful-paint (from navigation start) is the figure, not the wall time of opening a tab.
      await ctx.measure('first paint', async () => {
        const f = await openReport(b, file);
        seen.push(f);
        return f.firstContentfulPaintMs;
      }, { timeFromResult: true });
      const med = (k: keyof Omit<PageFigures, 'countText'>) => [...seen.map((s) => s[k])].sort((x, y) => x - y)[seen.length >> 1];
      ctx.note('firstPaintMs', med('firstPaintMs'));
      ctx.note('domContentLoadedMs', med('domContentLoadedMs'));
      ctx.note('allRowsUnpackedMs', med('unpackedMs'));
      ctx.note('domNodes', med('domNodes'));
      ctx.note('pageJsHeapMiB', med('jsHeapMiB'));
      ctx.note('countLine', seen[seen.length - 1].countText);
      ctx.note('loadAverage1m', Math.round(loadavg()[0] * 10) / 10);
    } finally {
      await browser?.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
};

export default suite;

if (require.main === module) runStandalone(suite, 1000);
