/**
 * Finds where a JSON text first goes wrong, with line and column. JSON.parse's own messages differ
 * between Node versions and often carry no position at all ("Unexpected token '%', ... is not valid
 * JSON"), so a failed parse is re-scanned here to tell the user exactly where to look.
 * Only called after JSON.parse has failed: speed does not matter, clarity does.
 */

export interface JsonSyntaxProblem {
  /** 0-based offset in the text (UTF-16 code units). */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** What was expected and what was found, e.g. expected ',' or '}' after a property value, found '"'. */
  message: string;
  /** The offending line (bounded, control characters made visible) and a caret under the column. */
  excerpt: string;
}

class ScanError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 2000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function show(text: string, i: number): string {
  if (i >= text.length) return 'the end of the file';
  const c = text[i];
  return c.charCodeAt(0) < 0x20 ? `'${JSON.stringify(c).slice(1, -1)}'` : `'${c}'`;
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  run(): void {
    this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected ${show(this.s, this.i)} after the end of the JSON value`);
  }

  private fail(message: string, at = this.i): never {
    throw new ScanError(message, at);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.fail('unexpected end of the file, expected a value');
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    if (c === "'") this.fail("strings must use double quotes, found '");
    this.fail(`unexpected ${show(this.s, this.i)}, expected a value (object, array, string, number, true, false or null)`);
  }

  private object(depth: number): void {
    if (this.opened('}')) return;
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(`expected a double-quoted property name, found ${show(this.s, this.i)}`);
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ':' after the property name, found ${show(this.s, this.i)}`);
      this.i++;
      this.value(depth + 1);
      if (this.closedAfter('}', 'a property value')) return;
    }
  }

  private array(depth: number): void {
    if (this.opened(']')) return;
    for (;;) {
      this.value(depth + 1);
      if (this.closedAfter(']', 'an array element')) return;
    }
  }

  /** Steps over the opening bracket; true when the container is empty (its closing bracket consumed too). */
  private opened(close: '}' | ']'): boolean {
    this.i++;
    this.ws();
    if (this.s[this.i] !== close) return false;
    this.i++;
    return true;
  }

  /** After a member or element: true at the closing bracket (consumed), false after a comma (another item follows). */
  private closedAfter(close: '}' | ']', item: string): boolean {
    this.ws();
    const c = this.s[this.i];
    if (c === ',') {
      const comma = this.i;
      this.i++;
      this.ws();
      if (this.s[this.i] === close) this.fail(`trailing comma before '${close}'`, comma);
      return false;
    }
    if (c === close) {
      this.i++;
      return true;
    }
    this.fail(`expected ',' or '${close}' after ${item}, found ${show(this.s, this.i)}`);
  }

  private string(): void {
    const start = this.i;
    this.i++;
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) this.fail('invalid \\u escape: expected 4 hex digits');
          this.i += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e)) this.fail(`invalid escape ${show(s, this.i + 1)} in a string`);
        this.i += 2;
        continue;
      }
      if (s.charCodeAt(this.i) < 0x20) this.fail('unescaped control character (a raw newline or tab) inside a string');
      this.i++;
    }
    this.fail('unterminated string', start);
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m || m[0] === '-') this.fail(`invalid number starting with ${show(this.s, this.i)}`);
    this.i += m[0].length;
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The line holding `offset`, cut to a window around it, with a caret under the offending character. */
function excerptAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  const from = Math.max(start, offset - 40);
  const to = Math.min(end, offset + 40);
  // Control characters would garble the terminal; the file may be hostile.
  const visible = (t: string) => t.replace(/[\u0000-\u001f\u007f-\u009f]/g, '·');
  const before = (from > start ? '…' : '') + visible(text.slice(from, offset));
  const after = visible(text.slice(offset, to)) + (to < end ? '…' : '');
  return `${before}${after}\n${' '.repeat(before.length)}^`;
}

/** undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).run();
    return undefined;
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    const { line, column } = lineAndColumn(text, err.offset);
    return { offset: err.offset, line, column, message: err.message, excerpt: excerptAt(text, err.offset) };
  }
}
