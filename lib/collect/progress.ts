/**
 * Progress of a scan: a bar per account/region/service on a terminal, one JSON line per step
 * otherwise (CI logs, Lambda). Both consume the same StepEvent stream.
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { Target } from '../model/types';
import { COLLECTORS } from './registry';
import type { StepEvent } from './types';

export interface ProgressReporter {
  plan(targets: readonly Target[]): void;
  step(e: StepEvent): void;
  log(entry: Record<string, unknown>): void;
  stop(): void;
}

/** Removes terminal control characters: error messages can carry anything. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
}

export function jsonLinesProgress(write: (line: string) => void, now: () => Date = () => new Date()): ProgressReporter {
  const line = (o: Record<string, unknown>) => write(`${JSON.stringify({ time: now().toISOString(), ...o })}\n`);
  return {
    plan: (targets) => line({ level: 'info', msg: 'plan', targets: targets.length }),
    step: (e) => line({ level: e.status === 'gap' ? 'warn' : 'info', msg: 'step', ...e }),
    log: (entry) => line(entry),
    stop: () => undefined,
  };
}

const SERVICES = [...new Set(COLLECTORS.map((c) => c.service))];
const perService = (service: string) => COLLECTORS.filter((c) => c.service === service).length;

/** cli-progress bars; logs (warnings) are printed above the bars so they stay readable. */
export function barProgress(stream: NodeJS.WritableStream): ProgressReporter {
  const multi = new MultiBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: ' {label} [{bar}] {value}/{total} {note}',
      hideCursor: true,
      // Only chosen for a terminal; also lets the bars render into a test stream.
      noTTYOutput: true,
      clearOnComplete: false,
      barsize: 20,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, { bar: SingleBar; gaps: number }>();
  const key = (accountId: string, region: string, service: string) => `${accountId}|${region}|${service}`;
  return {
    plan(targets) {
      for (const t of targets)
        for (const s of SERVICES) {
          const label = `${t.accountId} ${t.region.padEnd(14)} ${s.padEnd(10)}`;
          bars.set(key(t.accountId, t.region, s), { bar: multi.create(perService(s), 0, { label, note: '' }), gaps: 0 });
        }
    },
    step(e) {
      const b = bars.get(key(e.accountId, e.region, e.service));
      if (!b) return;
      if (e.status === 'gap') {
        b.gaps++;
        b.bar.update({ note: `${b.gaps} gap${b.gaps === 1 ? '' : 's'}` });
      }
      if (e.status === 'done') b.bar.increment();
    },
    log(entry) {
      if (entry.level === 'warn' || entry.level === 'error') multi.log(`${printable(String(entry.msg))} ${printable(JSON.stringify({ ...entry, msg: undefined, level: undefined }))}\n`);
    },
    stop: () => multi.stop(),
  };
}
