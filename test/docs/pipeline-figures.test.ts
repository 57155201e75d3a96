/**
 * The deployed-path figures in docs/benchmarks.md (Publish / Report at scale, the largest estate) and
 * docs/deploying.md (the Lambda bundles) are generated from the committed `pipeline` and `bundles`
 * results; this renders both blocks again and compares (regenerate: bench/pipeline-figures.ts --write).
 * It also holds the stack's memory settings to the margin lib/stack/lambda-memory.ts promises over
 * those figures, so a setting cannot drift below what was measured.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockOf, BUNDLE_MARKERS, bundleFigures, handlerFigures, PIPELINE_HANDLERS, PIPELINE_MARKERS, pipelineFigures, readResults, RESULT_FILES } from '../../bench/pipeline-figures';
import { LAMBDA_MEMORY_MB, MEMORY_MARGIN, MEMORY_SIZED_AT } from '../../lib/stack/lambda-memory';

const docs = (name: string) => readFileSync(join(__dirname, '..', '..', 'docs', name), 'utf8');

describe('deployed-path figures', () => {
  it('docs-benchmarks-pipeline-block-is-what-the-committed-results-generate', () => {
    expect(blockOf(docs('benchmarks.md'), PIPELINE_MARKERS)).toBe(pipelineFigures(readResults(RESULT_FILES.pipeline)));
  });

  it('docs-deploying-bundle-block-is-what-the-committed-results-generate', () => {
    expect(blockOf(docs('deploying.md'), BUNDLE_MARKERS)).toBe(bundleFigures(readResults(RESULT_FILES.bundles)));
  });

  it('every-block-names-the-machine-and-load-it-ran-under', () => {
    expect(blockOf(docs('benchmarks.md'), PIPELINE_MARKERS)).toMatch(/load average [\d.]+ \/ [\d.]+ \/ [\d.]+/);
    expect(blockOf(docs('deploying.md'), BUNDLE_MARKERS)).toMatch(/load average [\d.]+ \/ [\d.]+ \/ [\d.]+/);
  });

  it.each(PIPELINE_HANDLERS.filter((h) => h.kind === 'publish').map((h) => [h.label, h.kind] as const))('%s-ran-at-the-sizing-estate-within-the-setting-with-margin', (label, kind) => {
    const f = handlerFigures(readResults(RESULT_FILES.pipeline)).find((x) => x.label === label && x.size === MEMORY_SIZED_AT);
    expect(f?.atSetting).toBe('ok');
    expect(f!.memoryMb).toBe(LAMBDA_MEMORY_MB[kind]);
    expect(LAMBDA_MEMORY_MB[kind]).toBeGreaterThanOrEqual(Math.ceil(f!.peakRssMiB * MEMORY_MARGIN));
  });

  it('a-handler-that-ran-at-its-setting-had-the-margin-there', () => {
    for (const f of handlerFigures(readResults(RESULT_FILES.pipeline)).filter((x) => x.atSetting === 'ok')) {
      expect([f.label, f.size, f.memoryMb >= Math.ceil(f.peakRssMiB * MEMORY_MARGIN) || f.size > MEMORY_SIZED_AT]).toEqual([f.label, f.size, true]);
    }
  });
});

describe('the largest estate', () => {
  const result = (size: number, reportAtMax: string) => ({
    size,
    notes: {
      'publish first run: memory MB': 3584, 'publish first run: at 3584 MB': 'ok', 'publish first run: wall s': size / 1000, 'publish first run: CPU s': size / 1000, 'publish first run: peak RSS MiB': size / 50,
      'daily report: memory MB': 10240, 'daily report: at 1024 MB': 'failed: Error: too long', 'daily report: at 10240 MB': reportAtMax, 'daily report: wall s': 1, 'daily report: CPU s': 1, 'daily report: peak RSS MiB': size / 20,
    },
  });
  const results = (atMax: string) => ({ generatedAt: '2026-12-03T00:00:00Z', machine: { node: '20', cpus: 2, cpuModel: 'x', loadAverage: [1, 1, 1] }, results: [result(50_000, atMax), result(100_000, atMax)] }) as unknown as Parameters<typeof pipelineFigures>[0];

  it('a-handler-failing-at-lambdas-maximum-bounds-the-estate-below-that-size', () => {
    const text = pipelineFigures(results('failed: Error: too long'));
    expect(text).toContain('**daily report** fails at 50,000 instances even at Lambda\'s maximum');
    expect(text).toContain('handles estates below 50,000 instances');
    expect(text).not.toContain('- daily report:');
  });

  it('without-a-failure-the-largest-estate-is-the-lowest-extrapolated-limit', () => {
    const text = pipelineFigures(results('ok'));
    expect(text).toMatch(/the largest estate one run handles is about \*\*[\d,]+ instances\*\*/);
    expect(text).not.toContain('fails at');
  });
});
