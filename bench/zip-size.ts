/**
 * The size of a Lambda's deployment package as `cdk deploy` uploads it: a ZIP of the asset folder,
 * deflate at level 9 (as cdk-assets zips). Computed, not written: each entry's local header, data
 * descriptor and central-directory record around its deflated bytes, then the end record. Within a
 * few bytes of the real archive, and the same on every machine for the same files.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const LOCAL_HEADER = 30;
const DATA_DESCRIPTOR = 16;
const CENTRAL_RECORD = 46;
const END_RECORD = 22;

export function zippedBytes(entries: readonly ZipEntry[]): number {
  let total = END_RECORD;
  for (const e of entries) {
    const name = Buffer.byteLength(e.name);
    total += LOCAL_HEADER + name + deflateRawSync(e.data, { level: 9 }).length + DATA_DESCRIPTOR + CENTRAL_RECORD + name;
  }
  return total;
}
