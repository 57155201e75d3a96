/**
 * The scale figures in docs/benchmarks.md are generated from the committed results of the `run` and
 * `html` suites; this renders the block again from those files and compares, so no figure there is
 * typed by hand or left behind when the results change (regenerate: bench/scale-figures.ts --write).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { END, readResults, RESULT_FILES, scaleFigures, START } from '../../bench/scale-figures';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks.md'), 'utf8');

describe('docs/benchmarks.md scale figures', () => {
  it('block-is-what-the-committed-results-generate', () => {
    const block = docs.slice(docs.indexOf(START), docs.indexOf(END) + END.length);
    expect(block).toBe(scaleFigures(readResults(RESULT_FILES.run), readResults(RESULT_FILES.html)));
  });

  it('every-figure-names-the-machine-and-load-it-ran-under', () => {
    const block = docs.slice(docs.indexOf(START), docs.indexOf(END));
    expect(block.match(/load average [\d.]+ \/ [\d.]+ \/ [\d.]+/g)).toHaveLength(2);
    for (const r of [readResults(RESULT_FILES.run), readResults(RESULT_FILES.html)]) {
      for (const x of r.results) expect(x.notes?.loadAverage1m ?? x.error).toBeDefined();
    }
  });
});
