/**
 * Which S3 objects are stored gzip-encoded, and the encoding itself.
 *
 * Run and report files are text that compresses ~20× (63 MB → 2.9 MB a run at 1,000 instances), and
 * at a year's retention their storage is most of the stack's cost. They are stored with
 * `Content-Encoding: gzip` and their own Content-Type, so a browser opening a presigned URL gets the
 * page decompressed, and S3RunStore decompresses on read. Hashes (manifest.json, verify) are always
 * over the decompressed content: the store never hands out stored bytes.
 *
 * Left uncompressed on purpose:
 *  - anything outside runs/, latest/ and reports/: inventory/<run>/targets.json is read by the Step
 *    Functions Distributed Map's ItemReader, which does not decode Content-Encoding; state/ is read
 *    and written directly with the SDK by the event Lambda;
 *  - latest/run.json and every conditional write (pointers, markers, cursors): small, and the handle
 *    people and scripts read first;
 *  - bodies under 1 KiB, where gzip saves next to nothing;
 *  - the local folder store: people open report.html from disk. A folder filled with `aws s3 sync`
 *    holds the stored (gzipped) bytes, though; it reads them through `decodeSyncedFile`.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { LATEST_POINTER_KEY, PREFIX } from '../layout';

export const GZIP_PREFIXES = [PREFIX.runs, PREFIX.latest, PREFIX.reports] as const;
export const GZIP_SUFFIXES = ['.json', '.csv', '.html', '.txt'] as const;
export const MIN_GZIP_BYTES = 1024;
/** zlib's default (6): on the 1,000-instance run, level 9 saves 1.7 % more for 1.8× the CPU (0.46 s → 0.84 s). */
export const GZIP_LEVEL = constants.Z_DEFAULT_COMPRESSION;

/** Whether an unconditional write of `size` bytes under `key` (relative to the store) is stored gzipped. */
export function storesGzipped(key: string, size: number): boolean {
  if (size < MIN_GZIP_BYTES || key === LATEST_POINTER_KEY) return false;
  return GZIP_PREFIXES.some((p) => key.startsWith(p)) && GZIP_SUFFIXES.some((s) => key.endsWith(s));
}

/** Whether a streamed write under `key` is stored gzipped: its size is not known in advance, and streamed files are the large ones. */
export function streamsGzipped(key: string): boolean {
  if (key === LATEST_POINTER_KEY) return false;
  return GZIP_PREFIXES.some((p) => key.startsWith(p)) && GZIP_SUFFIXES.some((s) => key.endsWith(s));
}

/**
 * gzip with a fixed header (no file name, mtime 0), so the same input gives the same bytes with the
 * same zlib. A retried create does not rely on it: it compares decompressed content.
 */
export function gzip(data: Uint8Array): Buffer {
  return gzipSync(data, { level: GZIP_LEVEL });
}

/** A gzip member starts with 1f 8b 08 (deflate); no UTF-8 text starts with 0x1f 0x8b. */
export function looksGzipped(bytes: Uint8Array): boolean {
  return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/** True when a Content-Encoding header value (possibly a list, "aws-chunked, gzip") names gzip. */
export function isGzipEncoding(contentEncoding: string | undefined): boolean {
  return (contentEncoding ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .some((s) => s === 'gzip' || s === 'x-gzip');
}

/**
 * The content of an object as stored with `contentEncoding`. The bytes are checked too: an HTTP
 * layer that already decoded the body (the AWS SDK for JavaScript does not, some proxies do) leaves
 * plain text behind a `gzip` header.
 */
export function decodeStored(bytes: Uint8Array, contentEncoding: string | undefined): Buffer {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isGzipEncoding(contentEncoding) && looksGzipped(buf) ? gunzipSync(buf) : buf;
}

/**
 * A file of a local folder, as content: a run or report file copied from the bucket with `aws s3 sync`
 * or `aws s3 cp` keeps the gzipped bytes under its plain name (the CLI does not decode Content-Encoding).
 */
export function decodeSyncedFile(key: string, bytes: Buffer): Buffer {
  return GZIP_SUFFIXES.some((s) => key.endsWith(s)) && looksGzipped(bytes) ? gunzipSync(bytes) : bytes;
}
