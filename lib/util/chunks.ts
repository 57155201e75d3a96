/**
 * Text produced piece by piece. Every run file is rendered as a sequence of chunks (one row, one
 * finding, one section) rather than one string: at 50,000 instances a run's files are gigabytes, and
 * several of them would exceed V8's maximum string length. Writers pull the chunks, hash and gzip
 * them on the way to disk or S3 (see RunStore.createStream). Pure: no I/O here.
 */

/** The pieces of one file, in order; their concatenation is the file's content. */
export type TextChunks = Iterable<string>;

/** Pieces of about this many UTF-16 units are handed to the writer: fewer syscalls and parts, bounded memory. */
export const CHUNK_TARGET = 256 * 1024;

/** Joins small pieces into pieces of about `target` characters (a row at a time would be a syscall per row). */
export function* coalesce(chunks: TextChunks, target = CHUNK_TARGET): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const c of chunks) {
    if (!c) continue;
    parts.push(c);
    size += c.length;
    if (size >= target) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

/** The whole text, for small files and tests. Never for a run file at scale. */
export function joinChunks(chunks: TextChunks): string {
  let out = '';
  for (const c of chunks) out += c;
  return out;
}
