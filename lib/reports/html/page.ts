/**
 * The page shell every vmaudit HTML report uses (the run report here, the periodic compliance report
 * in lib/compliance): one self-contained file made of sections, one style element and at most one script,
 * under a Content-Security-Policy that allows exactly those (by SHA-256 hash) and nothing else: no
 * network, no other script, no inline style attribute, no form posts, no <base>.
 */
import { createHash } from 'node:crypto';
import { BASE_CSS } from './style';
import { escapeHtml } from './escape';
import { joinChunks, type TextChunks } from '../../util/chunks';

export interface ReportSection {
  /** Unique element id, `[a-z][a-z0-9-]*`; also the navigation anchor. */
  id: string;
  /** Heading text (escaped here). */
  title: string;
  /** The section's body markup. Build it with `html`/`escapeHtml`: estate strings are never trusted. */
  html: string;
  /** A body that grows with the estate (the findings table), as chunks; written instead of `html` when set. */
  chunks?: () => TextChunks;
  /** CSS for this section, appended to the page's one style element (covered by the CSP hash). */
  css?: string;
  /** Emit `html` as it is, without the <section> and heading wrapper (the page header does this). */
  bare?: boolean;
  /** Leave out of the table of contents. */
  nav?: boolean;
}

export interface PageOptions {
  title: string;
  sections: readonly ReportSection[];
  /** Script run at the end of the body. Must not embed estate data; read it from the DOM instead. */
  script?: string;
  lang?: string;
}

const SECTION_ID = /^[a-z][a-z0-9-]*$/;

/** Marks the page as scripted before the body parses, so CSS can page the table without a flash of 100,000 rows. */
const HEAD_SCRIPT = "document.documentElement.classList.add('js');";

export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(css: string, scripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(css)}`,
    `script-src ${scripts.length ? scripts.map(cspHash).join(' ') : "'none'"}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function validateSections(sections: readonly ReportSection[]): void {
  const seen = new Set<string>();
  for (const s of sections) {
    if (!SECTION_ID.test(s.id)) throw new Error(`Report section id "${s.id}" must match ${SECTION_ID} (it becomes an element id).`);
    if (seen.has(s.id)) throw new Error(`Report section id "${s.id}" is used twice.`);
    seen.add(s.id);
  }
}

export function tableOfContents(sections: readonly ReportSection[]): string {
  const items = sections.filter((s) => s.nav !== false && !s.bare).map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`);
  return items.length ? `<nav class="toc" aria-label="Sections"><ul>${items.join('')}</ul></nav>` : '';
}

function* sectionChunks(s: ReportSection): Generator<string> {
  const body = s.chunks ? s.chunks() : [s.html];
  if (s.bare) {
    yield* body;
    return;
  }
  yield `<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${escapeHtml(s.title)}</h2>\n`;
  yield* body;
  yield '\n</section>';
}

/** The page as chunks: head, then each section as it renders, so a page of 100,000 rows is never one string. */
export function* htmlPageChunks(opts: PageOptions): Generator<string> {
  validateSections(opts.sections);
  const css = [BASE_CSS, ...new Set(opts.sections.map((s) => s.css).filter((c): c is string => !!c))].join('\n');
  const scripts = opts.script ? [HEAD_SCRIPT, opts.script] : [];
  if (/<\/(script|style)/i.test(css) || (opts.script && /<\/script/i.test(opts.script))) {
    throw new Error('Report CSS or script contains a closing </style> or </script> tag.');
  }
  const head = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(opts.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(css, scripts))}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(opts.title)}</title>`,
    `<style>${css}</style>`,
    opts.script ? `<script>${HEAD_SCRIPT}</script>` : '',
    '</head>',
    '<body>',
    '<main>',
  ];
  yield head.filter((l) => l !== '').join('\n');
  for (const s of opts.sections) {
    // An empty section body still yields its wrapper; a bare section with nothing adds no line.
    let first = true;
    for (const c of sectionChunks(s)) {
      if (c === '') continue;
      yield first ? '\n' + c : c;
      first = false;
    }
  }
  yield '\n</main>';
  if (opts.script) yield `\n<script>${opts.script}</script>`;
  yield '\n</body>\n</html>\n';
}

export function renderHtmlPage(opts: PageOptions): string {
  return joinChunks(htmlPageChunks(opts));
}
