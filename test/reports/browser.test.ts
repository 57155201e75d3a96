/**
 * report.html the way a person sees it: a real Chromium loads the file, with its CSP, and we filter,
 * page and expand like a reader would. Runs only where /usr/bin/chromium exists
 * (`apt-get install -y chromium`); elsewhere the suite is skipped and says why.
 * Screenshots go to the OS temp folder for a human look; they are never committed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { anchorId } from '../../lib/reports/html/escape';
import { renderReportHtml, type ReportHtmlOptions } from '../../lib/reports/html/report';
import type { FindingsDocument } from '../../lib/findings/document';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, gap, manyListed } from '../support/findings';
import { HOSTILE_VALUES, hostileDoc } from './hostile';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const suite = available ? describe : describe.skip;
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`browser.test.ts skipped: ${CHROMIUM} not found (install it with: apt-get update && apt-get install -y chromium)`);
}

jest.setTimeout(180_000);

/** Browser globals, typed here: the project compiles without the DOM library. Used only inside page callbacks. */
interface PageEl {
  offsetParent: unknown;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
interface PageGlobals {
  document: {
    getElementById(id: string): PageEl | null;
    addEventListener(type: string, listener: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  dispatchEvent(e: unknown): boolean;
  Event: new (type: string) => unknown;
  __xss?: unknown;
  __csp?: string[];
}

interface Loaded {
  page: Page;
  problems: string[];
}

suite(`report.html in Chromium${available ? '' : ' (skipped: /usr/bin/chromium not found)'}`, () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    dir = await mkdtemp(join(tmpdir(), 'vmaudit-browser-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(doc: FindingsDocument, name: string, opts: { js?: boolean; hash?: string; render?: ReportHtmlOptions } = {}): Promise<Loaded> {
    const file = join(dir, `${name}.html`);
    await writeFile(file, renderReportHtml(doc, opts.render));
    const context = await browser.newContext({ javaScriptEnabled: opts.js !== false, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
    });
    // Injected by the driver, so the page's CSP does not apply to it.
    await page.addInitScript(() => {
      const w = globalThis as unknown as PageGlobals;
      w.document.addEventListener('securitypolicyviolation', (e) => {
        w.__csp = [...(w.__csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
      });
    });
    await page.goto(pathToFileURL(file).href + (opts.hash ?? ''));
    return { page, problems };
  }

  const visibleRows = (page: Page) =>
    page.$$eval('#findings-table tbody tr.f', (rows) => rows.filter((r) => (r as unknown as PageEl).offsetParent !== null).length);
  const countText = (page: Page) => page.textContent('#findings-count');
  const countIs = (page: Page, re: RegExp) =>
    page.waitForFunction((src) => new RegExp(src).test((globalThis as unknown as PageGlobals).document.getElementById('findings-count')?.textContent ?? ''), re.source);
  const settle = (page: Page, before: string | null) =>
    page.waitForFunction((b) => (globalThis as unknown as PageGlobals).document.getElementById('findings-count')?.textContent !== b, before);

  it('hostile-strings-stay-text-no-script-runs-and-nothing-violates-the-csp', async () => {
    const { page, problems } = await open(hostileDoc(), 'hostile');
    await page.fill('input[name=q]', 'img');
    await countIs(page, /matching/);
    for (const s of await page.$$('#findings-table tbody tr.f summary')) await s.click();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__xss)).toBeUndefined();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__csp ?? [])).toEqual([]);
    expect(await page.$$eval('img, svg, iframe, object, embed', (els) => els.length)).toBe(0);
    expect(await page.$$eval('script', (els) => els.length)).toBe(2);
    const text = await page.textContent('#findings-table');
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(problems).toEqual([]);
    expect(HOSTILE_VALUES.length).toBeGreaterThan(10);
    await page.screenshot({ path: join(tmpdir(), 'vmaudit-report-hostile.png') });
  });

  describe('filters and pages', () => {
    let page: Page;
    let problems: string[];
    const doc = findingsDoc(manyListed(600), { coverageGaps: [gap()] });
    const n = (sev: string) => doc.findings.filter((f) => f.severity === sev).length;

    beforeAll(async () => {
      ({ page, problems } = await open(doc, 'filters'));
    });

    it('first-page-shows-250-rows-and-says-how-many-in-total', async () => {
      expect(await visibleRows(page)).toBe(250);
      expect(await countText(page)).toBe('Showing 1–250 of 600 findings.');
      await page.screenshot({ path: join(tmpdir(), 'vmaudit-report-top.png') });
    });

    it('severity-filter-changes-the-visible-rows', async () => {
      const before = await countText(page);
      await page.selectOption('select[name=sev]', 'critical');
      await settle(page, before);
      expect(await countText(page)).toBe(`Showing 1–${Math.min(250, n('critical'))} of ${n('critical')} matching findings (600 in total).`);
      const sevs = await page.$$eval('#findings-table tbody tr.f', (rows) => rows.filter((r) => (r as unknown as PageEl).offsetParent !== null).map((r) => r.getAttribute('data-sev')));
      expect(sevs.length).toBe(Math.min(250, n('critical')));
      expect(new Set(sevs)).toEqual(new Set(['critical']));
    });

    it('status-and-rule-filters-combine', async () => {
      const before = await countText(page);
      await page.selectOption('select[name=st]', 'FAIL');
      await settle(page, before);
      const before2 = await countText(page);
      await page.selectOption('select[name=rule]', 'ec2-vpc-flow-logs');
      await settle(page, before2);
      const expected = doc.findings.filter((f) => f.severity === 'critical' && f.status === 'FAIL' && f.ruleId === 'ec2-vpc-flow-logs').length;
      expect(await visibleRows(page)).toBe(expected);
    });

    it('clear-filters-shows-the-first-page-again', async () => {
      const before = await countText(page);
      await page.click('button[type=reset]');
      await settle(page, before);
      expect(await visibleRows(page)).toBe(250);
    });

    it('free-text-search-matches-a-tag-value-across-all-pages', async () => {
      // A row past the first page whose Name is no prefix of another's (web-17 would also match web-170).
      const index = (f: Finding) => (f.evidence as { index: number }).index;
      const last = doc.findings.slice(250).reduce((a, b) => (index(b) > index(a) ? b : a));
      const before = await countText(page);
      await page.fill('input[name=q]', last.tags!.Name);
      await settle(page, before);
      const expected = doc.findings.filter((f) => JSON.stringify(f.tags).includes(`"${last.tags!.Name}"`)).length;
      expect(await visibleRows(page)).toBe(expected);
      expect(await page.textContent('#findings-table tbody tr.f')).toContain(last.resourceId);
    });

    it('free-text-matches-the-rule-title-rows-only-reference', async () => {
      const before = await countText(page);
      await page.fill('input[name=q]', 'Title of ec2-volume-encrypted');
      await settle(page, before);
      expect(await visibleRows(page)).toBe(Math.min(250, doc.findings.filter((f) => f.ruleId === 'ec2-volume-encrypted').length));
      await page.fill('input[name=q]', '');
      // The search is debounced: wait for its result, or it lands in the next test.
      await countIs(page, /^Showing 1–250 of 600 findings\.$/);
    });

    it('next-page-shows-the-following-rows', async () => {
      await page.click('button[type=reset]');
      await countIs(page, /^Showing 1–250 of 600 findings\.$/);
      const firstBefore = await page.textContent('#findings-table tbody tr.f td:nth-child(6)');
      await page.click('#page-next');
      await countIs(page, /^Showing 251–500 of 600 findings\.$/);
      expect(await page.textContent('#page-info')).toBe('Page 2 of 3');
      expect(await page.textContent('#findings-table tbody tr.f td:nth-child(6)')).not.toBe(firstBefore);
      await page.click('#page-next');
      await countIs(page, /^Showing 501–600 of 600 findings\.$/);
      expect(await visibleRows(page)).toBe(100);
      expect(await page.isDisabled('#page-next')).toBe(true);
    });

    it('opening-a-row-shows-evidence-and-the-rule-remediation', async () => {
      await page.click('#findings-table tbody tr.f summary');
      const details = (await page.textContent('#findings-table tbody tr.f details'))!;
      expect(details).toContain('Evidence');
      expect(details).toContain('How to fix');
      expect(details).toMatch(/How to fix.*How to fix ec2-|How to fix ct-/s);
      await page.screenshot({ path: join(tmpdir(), 'vmaudit-report-details.png') });
    });

    it('page-had-no-console-errors-or-csp-violations', async () => {
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__csp ?? [])).toEqual([]);
      expect(problems).toEqual([]);
    });
  });

  it('a-filter-link-in-the-fragment-applies-on-load', async () => {
    const doc = findingsDoc([finding({ severity: 'critical', resourceId: 'i-c' }), finding({ resourceId: 'i-h1' }), finding({ resourceId: 'i-h2' })]);
    const { page, problems } = await open(doc, 'hash', { hash: '#findings?sev=critical' });
    expect(await visibleRows(page)).toBe(1);
    expect(await page.inputValue('select[name=sev]')).toBe('critical');
    // A card in the severity summary links to its filter.
    await page.click('a.card.c-high');
    await countIs(page, /of 2 matching/);
    expect(await visibleRows(page)).toBe(2);
    expect(problems).toEqual([]);
  });

  it('a-finding-link-turns-to-the-rows-page-clears-filters-and-opens-it', async () => {
    const doc = findingsDoc(manyListed(600));
    const target = doc.findings[doc.findings.length - 1];
    const { page, problems } = await open(doc, 'finding-link', { hash: '#findings?sev=critical' });
    await page.evaluate((id) => { (globalThis as unknown as { location: { hash: string } }).location.hash = id; }, `#${anchorId('finding', target.id)}`);
    await countIs(page, /of 600 findings/);
    const state = await page.evaluate((id) => {
      const el = (globalThis as unknown as PageGlobals).document.getElementById(id) as unknown as { isConnected: boolean; querySelector(s: string): { open: boolean } | null } | null;
      return { connected: !!el?.isConnected, open: !!el?.querySelector('details')?.open };
    }, anchorId('finding', target.id));
    expect(state).toEqual({ connected: true, open: true });
    expect(await page.inputValue('select[name=sev]')).toBe('');
    expect(problems).toEqual([]);
  });

  it('a-section-fragment-survives-the-script-and-lands-on-its-section', async () => {
    const { page } = await open(findingsDoc(manyListed(300)), 'fragment', { hash: '#coverage' });
    expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe('#coverage');
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBeGreaterThan(0);
  });

  it('with-javascript-off-every-row-is-listed-and-expandable', async () => {
    const doc = findingsDoc(manyListed(300));
    const { page } = await open(doc, 'nojs', { js: false });
    expect(await visibleRows(page)).toBe(300);
    expect(await page.isVisible('#filters')).toBe(false);
    expect(await page.isVisible('#findings-nojs')).toBe(true);
    await page.click('#findings-table tbody tr.f summary');
    expect(await page.isVisible('#findings-table tbody tr.f pre.ev')).toBe(true);
    await page.screenshot({ path: join(tmpdir(), 'vmaudit-report-nojs.png') });
  });

  it('filters-work-over-all-20000-rows', async () => {
    const doc = findingsDoc(manyListed(20_000));
    const { page, problems } = await open(doc, 'large');
    expect(await visibleRows(page)).toBe(250);
    const target = doc.findings[19_999];
    await page.fill('input[name=q]', target.id);
    await countIs(page, /of 1 matching/);
    expect(await page.textContent('#findings-table tbody tr.f td:nth-child(6)')).toContain(target.resourceId);
    expect(problems).toEqual([]);
  });

  describe('rows packed beyond the inline ones', () => {
    const doc = findingsDoc(manyListed(3000));
    const render = { inlineRows: 300, blockRows: 1000 };
    const index = (f: Finding) => (f.evidence as { index: number }).index;

    it('packed-rows-are-unpacked-searched-and-open-like-inline-ones', async () => {
      const { page, problems } = await open(doc, 'packed', { render });
      await countIs(page, /^Showing 1–250 of 3,000 findings\.$/);
      expect(await visibleRows(page)).toBe(250);
      // The packed row with the largest index: its Name is no prefix of another's.
      const target = doc.findings.slice(300).reduce((a, b) => (index(b) > index(a) ? b : a));
      await page.fill('input[name=q]', target.tags!.Name);
      await countIs(page, /of 1 matching/);
      expect(await page.textContent('#findings-table tbody tr.f td:nth-child(6)')).toContain(target.resourceId);
      await page.click('#findings-table tbody tr.f summary');
      expect(await page.isVisible('#findings-table tbody tr.f pre.ev')).toBe(true);
      expect(await page.textContent('#findings-table tbody tr.f dl')).toContain(`How to fix ${target.ruleId}`);
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__csp ?? [])).toEqual([]);
      expect(problems).toEqual([]);
    });

    it('filters-and-pages-cover-packed-rows', async () => {
      const { page } = await open(doc, 'packed-filter', { render });
      await countIs(page, /of 3,000 findings\.$/);
      const before = await countText(page);
      await page.selectOption('select[name=sev]', 'critical');
      await settle(page, before);
      const critical = doc.findings.filter((f) => f.severity === 'critical').length;
      expect(await countText(page)).toContain(`of ${critical.toLocaleString('en-US')} matching findings`);
      await page.click('button[type=reset]');
      await countIs(page, /^Showing 1–250 of 3,000 findings\.$/);
      for (let i = 0; i < 11; i++) await page.click('#page-next');
      await countIs(page, /^Showing 2,751–3,000 of 3,000 findings\.$/);
      expect(await page.textContent('#findings-table tbody tr.f:last-child td:nth-child(6)')).toContain(doc.findings[2999].resourceId);
    });

    it('a-link-to-a-packed-finding-opens-it-on-its-page', async () => {
      const target = doc.findings[2999];
      const { page, problems } = await open(doc, 'packed-link', { render, hash: `#${anchorId('finding', target.id)}` });
      await countIs(page, /^Showing 2,751–3,000 of 3,000 findings\.$/);
      expect(await page.isVisible(`#${anchorId('finding', target.id)} pre.ev`)).toBe(true);
      expect(problems).toEqual([]);
    });

    it('with-javascript-off-the-inline-rows-are-listed-and-the-note-says-so', async () => {
      const { page } = await open(doc, 'packed-nojs', { render, js: false });
      expect(await visibleRows(page)).toBe(300);
      expect(await page.textContent('#findings-nojs')).toContain('The first 300 of the 3,000 findings that did not pass are listed below');
    });
  });

  it('print-shows-every-matching-row-and-no-controls', async () => {
    const { page } = await open(findingsDoc(manyListed(400)), 'print');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.dispatchEvent(new w.Event('beforeprint'));
    });
    expect(await visibleRows(page)).toBe(400);
    expect(await page.isVisible('#filters')).toBe(false);
    await page.evaluate(() => {
      const w = globalThis as unknown as PageGlobals;
      w.dispatchEvent(new w.Event('afterprint'));
    });
    await page.emulateMedia({ media: 'screen' });
    expect(await visibleRows(page)).toBe(250);
  });
});
