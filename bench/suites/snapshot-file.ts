/**
 * Reading a snapshot file, as `vmaudit evaluate <file>` does before the engine runs: gunzip,
 * JSON.parse and schema validation of every object. Kept apart from the engine suite so each
 * one's peak memory is its own.
 */
import { encodeSnapshot, parseSnapshot } from '../../lib/model/snapshot-file';
import type { BenchSuite } from '../suite';
import { benchEstate } from '../estate';

const suite: BenchSuite = {
  name: 'snapshot-file',
  description: 'parseSnapshot(): gunzip + JSON.parse + zod validation of the synthetic estate written as .json.gz',
  unit: 'instances',
  sizes: [1000, 10000, 50000],
  quickSizes: [500, 2000],
  primary: 'read .json.gz',
  async run(size, ctx) {
    const gz = await ctx.measure('write .json.gz', () => encodeSnapshot(benchEstate(size), { gzip: true }), { runs: 1, warmup: 0 });
    ctx.note('gzipMiB', Math.round((gz.length / 2 ** 20) * 10) / 10);
    const snap = await ctx.measure('read .json.gz', () => parseSnapshot(gz, 'bench.json.gz'), { runs: 3 });
    ctx.note('instances', snap.instances.length);
  },
};

export default suite;
