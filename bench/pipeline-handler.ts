/**
 * One pipeline Lambda handler in this fresh process, loaded as `npm run invoke` loads it
 * (bin/invoke.ts `loadHandler`: the stack's environment, the handler module with its production
 * deps), invoked once with the event given as JSON; prints what the `pipeline` suite records:
 *
 *   { loadMs, wallMs, cpuMs, peakRssMiB, heapLimitMiB, output } | { error, ... }
 *
 * The parent starts it with `--max-old-space-size` set to the Lambda's memory, the AWS endpoint of
 * the emulator and the resource names in the environment. Not meant to be run by hand.
 */
import { getHeapStatistics } from 'node:v8';
import { LOCAL_CONTEXT, loadHandler } from '../bin/invoke';
import type { FunctionKind } from '../lib/stack/lambda-env';

const MiB = 2 ** 20;

async function main(): Promise<void> {
  const [kind, eventJson] = process.argv.slice(2) as [FunctionKind, string];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const handler = loadHandler(kind, process.env);
  const loadMs = performance.now() - t0;
  let output: unknown;
  let error: string | undefined;
  try {
    output = await handler(JSON.parse(eventJson), LOCAL_CONTEXT);
  } catch (err) {
    error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(cpu0);
  const figures = {
    loadMs,
    wallMs,
    cpuMs: (c.user + c.system) / 1000,
    // getrusage's maxrss: the high-water mark of the whole process, what Lambda reports as "Max Memory Used".
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapLimitMiB: getHeapStatistics().heap_size_limit / MiB,
    ...(error ? { error } : { output }),
  };
  process.stdout.write(`\n${JSON.stringify(figures)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
