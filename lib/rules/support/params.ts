/** Parameter schemas shared by several rules, with errors that say what was expected. */
import * as z from 'zod';
import { mergeRanges, type Range } from './protocols';

const PORT_RANGE = /^(\d{1,5})-(\d{1,5})$/;

/** A port (443) or an upward range as text ("8000-8999"). */
export const portItem = z.union([
  z.number().int('expected a whole port number').min(0, 'expected a port 0-65535').max(65535, 'expected a port 0-65535'),
  z.string().refine((s) => {
    const m = PORT_RANGE.exec(s);
    return m !== null && Number(m[1]) <= Number(m[2]) && Number(m[2]) <= 65535;
  }, 'expected a port 0-65535 or an upward range like "8000-8999"'),
]);

export type PortItem = z.infer<typeof portItem>;

/** Ports and ranges to merged ranges. */
export function toRanges(items: readonly PortItem[]): Range[] {
  return mergeRanges(
    items.map((i): Range => {
      if (typeof i === 'number') return [i, i];
      const m = PORT_RANGE.exec(i)!;
      return [Number(m[1]), Number(m[2])];
    }),
  );
}
