/**
 * Bounding and cleaning of estate strings (tags, names, messages) before they reach a report.
 * Every string from an AWS account is hostile: it may hold control characters (terminal escape
 * sequences, CR/LF header injection), bidi overrides that make text read backwards (Trojan Source),
 * or be 10,000 characters long. findings.json keeps each value up to MAX_FINDING_STRING_CHARS (cut
 * visibly beyond it, when the finding is made); the human-facing renderers go through these helpers.
 */
import { truncate, utf8Length } from '../model/bounded-text';

// The cut itself lives with the model (findings bound their strings too); renderers import it from here.
export { truncate, utf8Length };

/** C0 controls except TAB/LF/CR, DEL, C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Bidi embeddings, overrides and isolates, plus LRM/RLM/ALM: they reorder the text a reader sees. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Line and paragraph separators some clients treat as new lines. */
const SEPARATORS = /[\u2028\u2029\u0085]/g;
/** A lone surrogate is not valid UTF-8 and makes SNS reject or rewrite the message. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const REPLACEMENT = '\uFFFD';

/**
 * Keeps TAB, LF and CR (the caller decides about lines) and makes every other control, bidi control
 * and lone surrogate a visible U+FFFD, so tampering shows instead of silently disappearing.
 */
export function neutraliseControls(s: string): string {
  return s.replace(CONTROL, REPLACEMENT).replace(BIDI, REPLACEMENT).replace(LONE_SURROGATE, REPLACEMENT);
}

const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TERMINAL_UNSAFE_LINES = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeOne(c: string): string {
  const named: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\u001b': '\\e' };
  return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Makes text inert for a terminal the way HTML escaping makes it inert for a browser: every control
 * character (a carriage return that overwrites a line, an escape sequence that recolours or retitles
 * the terminal), bidi control and lone surrogate is written as a visible escape (\r, \e, \u202e), so
 * what a tag holds shows instead of acting. `keepLines` lets LF and TAB through (whole output
 * written by vmaudit itself); a single value from the estate is escaped with them. The \uXXXX form
 * keeps JSON output valid and equal in value (JSON.stringify leaves DEL, C1 and bidi characters raw).
 */
export function escapeControls(s: string, keepLines = false): string {
  return s.replace(keepLines ? TERMINAL_UNSAFE : TERMINAL_UNSAFE_LINES, escapeOne);
}

/** One line: controls neutralised, every line break or tab becomes a space, runs of spaces collapse. */
export function singleLine(s: string): string {
  return neutraliseControls(s).replace(SEPARATORS, ' ').replace(/[\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/** `singleLine` then `truncate`: the shape of any estate string in a subject, table cell or list. */
export function bounded(s: string, max: number): string {
  return truncate(singleLine(s), max);
}

/** Printable ASCII only (SNS e-mail subjects reject or rewrite anything else). */
export function asciiOnly(s: string): string {
  return singleLine(s).replace(/[^\x20-\x7E]/g, '?');
}

/** Compares control ids the way people read them: EC2.2 < EC2.10, 2.2.1 < 2.10, CloudTrail.1 < EC2.1. */
export function compareNatural(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return ta.length - tb.length;
}

/** Cuts to at most `maxBytes` of UTF-8, never inside a character. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  const buf = Buffer.from(s, 'utf8').subarray(0, maxBytes);
  let end = buf.length;
  // Step back over a partial multi-byte sequence (continuation bytes are 10xxxxxx).
  let i = end - 1;
  while (i >= 0 && (buf[i] & 0xc0) === 0x80) i--;
  if (i >= 0) {
    const lead = buf[i];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - i < need) end = i;
  }
  return buf.subarray(0, end).toString('utf8');
}

/** Greedy word wrap to `width` columns; words longer than the width stay whole (ARNs must copy-paste). */
export function wrap(text: string, width: number, indent = ''): string[] {
  const words = text.split(' ').filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line.length === 0) line = w;
    else if (indent.length + line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(indent + line);
      line = w;
    }
  }
  if (line.length) lines.push(indent + line);
  return lines;
}
