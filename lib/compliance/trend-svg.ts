/**
 * The trend chart: compliance score per framework over the last periods, as inline SVG (no external
 * asset, no script, no style attribute: the report's Content-Security-Policy allows none). Labels are
 * escaped; a period without a run (or without a score) breaks the line instead of pretending 0 %.
 * A data table follows the chart for screen readers and for printing.
 */
import { escapeHtml } from '../reports/html/escape';
import { FRAMEWORKS, type FrameworkKey } from '../reports/controls';
import type { TrendPoint } from './model';

const W = 720;
const H = 260;
const PAD = { left: 56, right: 44, top: 16, bottom: 56 };
/** Colour-blind safe colours (Okabe–Ito); neighbouring series also differ in marker shape. */
const SERIES: Record<FrameworkKey, { colour: string; marker: 'circle' | 'square' }> = {
  fsbp: { colour: '#0072B2', marker: 'circle' },
  'cis-3.0': { colour: '#D55E00', marker: 'square' },
  'cis-5.0': { colour: '#009E73', marker: 'circle' },
  'pci-dss-4.0': { colour: '#CC79A7', marker: 'square' },
  'nist-800-53-r5': { colour: '#E69F00', marker: 'circle' },
};

/** The series worth drawing: frameworks with a score in some period (all of them when none has one). */
function shownFrameworks(points: readonly TrendPoint[]): typeof FRAMEWORKS {
  const scored = FRAMEWORKS.filter((f) => points.some((p) => (p.scores[f.key] ?? null) !== null));
  return scored.length ? scored : FRAMEWORKS;
}

export function pct(score: number | null): string {
  return score === null ? 'n/a' : `${(score * 100).toFixed(1)} %`;
}

function x(i: number, n: number): number {
  const span = W - PAD.left - PAD.right;
  return PAD.left + (n <= 1 ? span / 2 : (span * i) / (n - 1));
}

function y(score: number): number {
  return PAD.top + (1 - score) * (H - PAD.top - PAD.bottom);
}

function fmt(n: number): string {
  return n.toFixed(1);
}

export function trendSvg(points: readonly TrendPoint[], title = 'Compliance score per period'): string {
  const n = points.length;
  const parts: string[] = [];
  parts.push(
    `<svg class="trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="trend-title trend-desc">`,
    `<title id="trend-title">${escapeHtml(title)}</title>`,
    `<desc id="trend-desc">${escapeHtml(
      shownFrameworks(points).map((f) => `${f.label}: ${points.map((p) => `${p.label} ${pct(p.scores[f.key] ?? null)}`).join(', ')}`).join('. '),
    )}</desc>`,
  );
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${PAD.left}" y1="${fmt(y(v))}" x2="${W - PAD.right}" y2="${fmt(y(v))}" stroke="#d0d7de" stroke-width="1"/>`,
      `<text x="${PAD.left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${v * 100} %</text>`,
    );
  }
  points.forEach((p, i) => {
    parts.push(`<text x="${fmt(x(i, n))}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11" fill="#57606a">${escapeHtml(p.label)}</text>`);
  });
  const shown = shownFrameworks(points);
  shown.forEach((fw, k) => {
    const { colour, marker } = SERIES[fw.key];
    // Break the line where a period has no score.
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const s = p.scores[fw.key] ?? null;
      if (s === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${fmt(x(i, n))} ${fmt(y(s))} `;
      pen = true;
    });
    if (d) parts.push(`<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    points.forEach((p, i) => {
      const s = p.scores[fw.key] ?? null;
      if (s === null) return;
      const cx = x(i, n);
      const cy = y(s);
      const tip = `<title>${escapeHtml(`${fw.label}, ${p.label}: ${pct(s)}`)}</title>`;
      parts.push(
        marker === 'circle'
          ? `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="4" fill="${colour}">${tip}</circle>`
          : `<rect x="${fmt(cx - 4)}" y="${fmt(cy - 4)}" width="8" height="8" fill="${colour}">${tip}</rect>`,
      );
    });
    // Legend.
    const lx = PAD.left + k * Math.floor((W - PAD.left) / shown.length);
    const ly = H - 14;
    parts.push(
      marker === 'circle' ? `<circle cx="${lx + 6}" cy="${ly - 4}" r="4" fill="${colour}"/>` : `<rect x="${lx + 2}" y="${ly - 8}" width="8" height="8" fill="${colour}"/>`,
      `<text x="${lx + 16}" y="${ly}" font-size="12" fill="#1f2328">${escapeHtml(shown.length > 2 ? fw.short : fw.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The same data as a table (screen readers, print). */
export function trendTable(points: readonly TrendPoint[]): string {
  const head = `<tr><th scope="col">Period</th>${FRAMEWORKS.map((f) => `<th scope="col" class="num">${escapeHtml(f.label)}</th>`).join('')}<th scope="col" class="num">Failing</th><th scope="col">Run</th></tr>`;
  const rows = points
    .map(
      (p) =>
        `<tr><th scope="row">${escapeHtml(p.label)}</th>${FRAMEWORKS.map((f) => `<td class="num">${pct(p.scores[f.key] ?? null)}</td>`).join('')}` +
        `<td class="num">${p.failing === null ? 'n/a' : p.failing}</td><td>${p.runId ? `<code>${escapeHtml(p.runId)}</code>` : '<span class="muted">no run</span>'}</td></tr>`,
    )
    .join('\n');
  return `<table class="trend-data"><caption class="sr-only">Compliance score per period</caption><thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`;
}
