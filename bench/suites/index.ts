/**
 * Every benchmark suite, in the order `npm run bench` runs them. To add one, write
 * `bench/suites/<name>.ts` exporting a `BenchSuite` as default and append it here.
 */
import type { BenchSuite } from '../suite';
import engine from './engine';
import snapshotFile from './snapshot-file';
import collect from './collect';
import events from './events';
import isolation from './isolation';
import isolationTgw from './isolation-tgw';
import run from './run';
import html from './html';
import bundles from './bundles';
import pipeline from './pipeline';

export const SUITES: readonly BenchSuite[] = [engine, snapshotFile, collect, events, isolation, isolationTgw, run, html, bundles, pipeline];
