/** docs/scan.md states the retry policy, the time-outs and the --timeout bounds the code enforces. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HTTP_TIMEOUTS, MAX_ATTEMPTS } from '../../lib/aws/clients';
import { MAX_RETRIES_UNLESS_THROTTLED } from '../../lib/aws/retry';
import { DEFAULT_TARGET_TIMEOUT, MAX_TIMEOUT_MS, parseTimeout } from '../../lib/cli/scan';
import { DEADLINE_ERROR_CODE, formatSeconds } from '../../lib/collect/deadline';
import { resolveCollectOptions } from '../../lib/collect/collect-target';

const page = readFileSync(join(__dirname, '..', '..', 'docs', 'scan.md'), 'utf8');
const section = page.slice(page.indexOf('## Retries and time-outs'), page.indexOf('## Coverage gaps'));

describe('docs/scan.md retries and time-outs', () => {
  it.each([
    ['throttling-attempts', new RegExp(`up to ${MAX_ATTEMPTS} attempts in all`)],
    ['other-failures-retries', new RegExp(`retried at most ${MAX_RETRIES_UNLESS_THROTTLED} more times \\(${MAX_RETRIES_UNLESS_THROTTLED + 1} attempts\\)`)],
    ['connection-time-out', new RegExp(`fails after ${HTTP_TIMEOUTS.connectionTimeout / 1000} s`)],
    ['request-time-out', new RegExp(`aborted after ${HTTP_TIMEOUTS.requestTimeout / 1000} s`)],
    ['deadline-default', new RegExp(`\\(default \`${DEFAULT_TARGET_TIMEOUT}\`, from 1 s to ${MAX_TIMEOUT_MS / 3_600_000} h\\)`)],
    ['deadline-gap-code', new RegExp(`error code \`${DEADLINE_ERROR_CODE}\``)],
    ['deadline-message', new RegExp(`within the --timeout of ${formatSeconds(parseTimeout(undefined))}\``)],
  ])('%s', (_name, figure) => {
    expect(section).toMatch(figure);
  });

  it('collectors-per-service-at-once', () => {
    expect(page).toContain(`up to ${resolveCollectOptions({ now: new Date(0) }).concurrency} at once per service`);
  });

  it('the-flag-table-gives-the-default-and-bounds', () => {
    expect(page).toMatch(new RegExp(`^\\| \`--timeout <duration>\` \\|[^|]*from 1 s to ${MAX_TIMEOUT_MS / 3_600_000} h[^|]*\\| \`${DEFAULT_TARGET_TIMEOUT}\` \\|$`, 'm'));
  });
});
