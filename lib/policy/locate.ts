/**
 * YAML with positions: parses the policy text keeping a LineCounter, reports syntax errors and
 * duplicate keys with line and column, and maps a path inside the parsed value (as zod reports it)
 * back to the line of the key or list item it came from.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Tags } from 'yaml';
import type { PolicyProblem } from '../errors';

export type PathSegment = string | number;

/** Hints for the YAML errors people actually make in hand-written policy files. */
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'keys of one map must start at the same column; check the indentation of this line and the one above',
  BLOCK_AS_IMPLICIT_KEY: 'a key here is indented further than its siblings; align the keys of one map at the same column',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; check the indentation and any missing ":"',
  MISSING_CHAR: 'a bracket, brace or quote is not closed',
  UNEXPECTED_TOKEN: 'check the quoting and the punctuation on this line',
  TAG_RESOLVE_FAILED: 'remove the YAML tag (the policy uses plain values only)',
};

/** Renders a path the way the policy reads: rules.ec2-sg-authorized-ports.tcpPorts[2]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

export class PositionedYaml {
  /** The parsed value (null for an empty file). Only meaningful when `syntaxProblems` is empty. */
  readonly data: unknown;
  /** YAML syntax errors, unresolved tags/aliases and duplicate keys, each with its line. */
  readonly syntaxProblems: PolicyProblem[];
  private readonly doc: Document;
  private readonly lines: LineCounter;

  /** `customTags`: extra tags the file may use (CloudFormation templates: lib/template/yaml-tags.ts). */
  constructor(text: string, options: { customTags?: Tags } = {}) {
    this.lines = new LineCounter();
    // uniqueKeys off: duplicates are found by `findDuplicates`, which can name the path and the first line.
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: false, prettyErrors: false, customTags: options.customTags });
    const problems: PolicyProblem[] = [];
    // One mistake often yields several errors at the same place (a mis-indented key is both a "nested
    // mapping" and a "multi-line implicit key"): report the first message with the widest span.
    const byStart = new Map<number, { code: string; message: string; end: number }>();
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const seen = byStart.get(e.pos[0]);
      if (seen) seen.end = Math.max(seen.end, e.pos[1]);
      else byStart.set(e.pos[0], { code: e.code, message: e.message.split('\n')[0], end: e.pos[1] });
    }
    for (const [start, e] of byStart) {
      const { line, col } = this.lines.linePos(start);
      const endLine = this.lines.linePos(Math.max(start, e.end - 1)).line;
      const hint = YAML_HINTS[e.code];
      const span = endLine > line ? ` (lines ${line}-${endLine})` : '';
      problems.push({ line, column: col, path: 'YAML syntax', message: `${e.message}${span}${hint ? `; ${hint}` : ''}` });
    }
    if (this.doc.errors.length === 0) this.findDuplicates(this.doc.contents, [], problems);
    let data: unknown = null;
    if (problems.length === 0) {
      try {
        // maxAliasCount bounds the "billion laughs" expansion of a hostile file.
        data = this.doc.toJS({ maxAliasCount: 100 });
      } catch (err) {
        problems.push({ path: 'YAML syntax', message: `${(err as Error).message}; define each &anchor before its *alias and do not nest aliases deeply` });
      }
    }
    this.data = data ?? null;
    this.syntaxProblems = problems;
  }

  /** The 1-based line of the key (or list item) at `path`; the deepest existing ancestor when the path is missing. */
  lineOf(path: readonly PathSegment[]): number | undefined {
    let node: unknown = this.doc.contents;
    let offset: number | undefined = (node as Node | null)?.range?.[0];
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) break;
        offset = (pair.key as Node | null)?.range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  private findDuplicates(node: unknown, path: PathSegment[], out: PolicyProblem[]): void {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const keyNode = pair.key as Node | null;
        const line = keyNode?.range ? this.lines.linePos(keyNode.range[0]).line : undefined;
        const first = seen.get(key);
        if (first !== undefined) {
          out.push({ line, path: formatPath([...path, key]), message: `duplicate key "${key}" (first set on line ${first}); keep one of them` });
        } else seen.set(key, line ?? 0);
        this.findDuplicates(pair.value, [...path, key], out);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => this.findDuplicates(item, [...path, i], out));
    }
  }
}
