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
