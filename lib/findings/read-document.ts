/**
 * Reading findings.json back where vmaudit reads its own files (a retried publish, the periodic
 * report, a baseline from a run written before state.json): every schema version it has written, and
 * files larger than one JavaScript string can hold (about 1 GB at 50,000 instances).
 *
 * Version 1 gave every result a lifecycle (`NEW` on each PASS and UNKNOWN the engine emitted); from
 * version 2 only failures and the results that change a tracked failure carry one. A version 1
 * document is read as version 2 says: `NEW` on a result that is not FAIL is dropped.
 */
import { FINDINGS_SCHEMA_VERSION, type FindingsDocument } from './document';
import type { Finding } from './finding';

/** The findings.json versions this build reads (it writes the last). */
export const READABLE_FINDINGS_VERSIONS: readonly number[] = [1, FINDINGS_SCHEMA_VERSION];

export type ReadFindingsResult = { document: FindingsDocument } | { problem: string; kind: 'corrupt' | 'foreign' };

/** How findings.json lays out its array (lib/reports/json.ts): two-space indent, one element per `    {` … `    }`. */
const ARRAY_OPEN = Buffer.from('\n  "findings": [');
const ELEMENT_CLOSE = Buffer.from('\n    }');
/** Above this, a file not in that layout is not parsed as one string. */
const WHOLE_PARSE_MAX_BYTES = 256 * 2 ** 20;

function asBuffer(input: Uint8Array | string): Buffer {
  if (typeof input === 'string') return Buffer.from(input, 'utf8');
  return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/**
 * The document, or why it cannot be read. Elements are parsed one at a time from the bytes, so no
 * string ever holds the whole file; a file in another layout (written by hand, or minified) is parsed
 * whole when it is small enough.
 */
export function readFindingsDocument(input: Uint8Array | string, source: string): ReadFindingsResult {
  const buf = asBuffer(input);
  let doc: unknown;
  try {
    doc = parseLaidOut(buf) ?? (buf.length <= WHOLE_PARSE_MAX_BYTES ? JSON.parse(buf.toString('utf8')) : undefined);
  } catch (err) {
    return { kind: 'corrupt', problem: `${source} is not valid JSON (${(err as Error).message})` };
  }
  if (doc === undefined) return { kind: 'corrupt', problem: `${source} is ${buf.length.toLocaleString('en-US')} bytes and not laid out as vmaudit writes findings.json` };
  const d = doc as Partial<FindingsDocument> | null;
  if (d === null || typeof d !== 'object' || !Array.isArray(d.findings) || typeof d.run !== 'object' || d.run === null) {
    return { kind: 'corrupt', problem: `${source} is not a vmaudit findings.json (no run or findings)` };
  }
  if (!READABLE_FINDINGS_VERSIONS.includes(d.schemaVersion as number)) {
    return { kind: 'foreign', problem: `${source} has findings schemaVersion ${JSON.stringify(d.schemaVersion)}; this vmaudit reads ${READABLE_FINDINGS_VERSIONS.join(' and ')}` };
  }
  if (d.schemaVersion === 1) for (const f of d.findings) dropVersion1Lifecycle(f);
  return { document: d as FindingsDocument };
}

function dropVersion1Lifecycle(f: Finding): void {
  if (f && typeof f === 'object' && f.status !== 'FAIL' && f.lifecycle === 'NEW') delete f.lifecycle;
}

/** The document parsed element by element, or undefined when the bytes are not in findings.json's layout. */
function parseLaidOut(buf: Buffer): unknown {
  const open = buf.indexOf(ARRAY_OPEN);
  if (open < 0) return undefined;
  const frame = JSON.parse(buf.toString('utf8', 0, open) + '\n  "findings": []\n}') as { findings: unknown[] };
  let pos = open + ARRAY_OPEN.length;
  const findings: unknown[] = [];
  if (buf[pos] === 0x0a) {
    // "[\n    {" … "\n    }" (",\n    {" … )* "\n  ]"
    pos += 1;
    for (;;) {
      const close = buf.indexOf(ELEMENT_CLOSE, pos);
      if (close < 0) return undefined;
      const end = close + ELEMENT_CLOSE.length;
      findings.push(JSON.parse(buf.toString('utf8', pos, end)));
      if (buf[end] === 0x2c && buf[end + 1] === 0x0a) pos = end + 2;
      else {
        pos = end;
        break;
      }
    }
    if (buf.toString('utf8', pos, pos + 4) !== '\n  ]') return undefined;
    pos += 4;
  } else if (buf[pos] === 0x5d) pos += 1;
  else return undefined;
  if (buf.toString('utf8', pos).trim() !== '}') return undefined;
  frame.findings = findings;
  return frame;
}
