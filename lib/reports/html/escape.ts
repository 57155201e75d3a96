/**
 * The one way text enters report HTML. Escapes the five characters that matter in text and in quoted
 * attribute values, so the same function is safe in both; attributes are always double-quoted here.
 * Controls and bidi overrides become a visible U+FFFD (see ../text.ts).
 */
import { neutraliseControls } from '../text';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  return neutraliseControls(s).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * Element text only (never an attribute value): escapes & < > and leaves quotes, which cost six
 * bytes each in evidence JSON and mean nothing outside a tag.
 */
export function escapeText(value: string): string {
  return neutraliseControls(value).replace(/[&<>]/g, (c) => ENTITIES[c]);
}

/** Tagged template that escapes every interpolated value unless it is `Html` (already safe markup). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks markup built by this module's renderers as safe to embed. Never call it on estate strings. */
export function raw(markup: string): Html {
  return new Html(markup);
}

type Part = Html | string | number | null | undefined | readonly (Html | string | number)[];

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    out += part(values[i]) + strings[i + 1];
  }
  return new Html(out);
}

function part(v: Part): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map((x) => part(x as Part)).join('');
  return escapeHtml(v);
}

/** A safe fragment identifier / id attribute value derived from any string (for `#rule-<id>` anchors). */
export function anchorId(prefix: string, value: string): string {
  return `${prefix}-${value.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`)}`;
}
