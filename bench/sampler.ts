/**
 * Samples the process's resident memory on a worker thread. The measured code is synchronous and
 * holds the main thread for seconds, so a timer on the main thread would never fire; the worker
 * keeps sampling meanwhile and publishes the peak through shared memory.
 * RSS is process-wide, so the worker sees the main thread's allocations.
 */
import { Worker } from 'node:worker_threads';

const PEAK_KIB = 0;
const RESET = 1;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const ctl = new Int32Array(workerData);
let peak = 0;
const tick = () => {
  if (Atomics.exchange(ctl, ${RESET}, 0) === 1) peak = 0;
  const kib = Math.round(process.memoryUsage.rss() / 1024);
  if (kib > peak) peak = kib;
  Atomics.store(ctl, ${PEAK_KIB}, peak);
};
tick();
setInterval(tick, 2);
`;

export class RssSampler {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: this.ctl.buffer });
    this.worker.unref();
  }

  /** Starts a new peak from now; waits until the worker has seen the reset. */
  reset(): void {
    Atomics.store(this.ctl, RESET, 1);
    for (let i = 0; i < 500 && Atomics.load(this.ctl, RESET) === 1; i++) Atomics.wait(this.ctl, RESET, 1, 2);
  }

  /** Peak RSS in MiB since the last reset. */
  peakMiB(): number {
    return Atomics.load(this.ctl, PEAK_KIB) / 1024;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
