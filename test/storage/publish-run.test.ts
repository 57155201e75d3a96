import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishRun, type PublishRunInput } from '../../lib/pipeline/publish-run';
import { LocalRunStore } from '../../lib/storage/local-store';
import { ObjectExistsError } from '../../lib/storage/store';
import { PolicySchema } from '../../lib/policy/schema';
import { verifyChain } from '../../lib/manifest/verify';
import type { AlertMessage } from '../../lib/reports/alert-message';
import { finding } from '../support/findings';
import { POLICY, runDoc, runFolder } from '../manifest/chain-fixture';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-publish-'));
  const store = new LocalRunStore(dir);
  const sent: AlertMessage[] = [];
  const deliver = async (a: AlertMessage) => {
    sent.push(a);
  };
  const publish = (day: number, o: Partial<PublishRunInput> = {}, findings?: Parameters<typeof runDoc>[1]) =>
    publishRun({ document: runDoc(day, findings), policy: POLICY, store, deliver, ...o });
  return { dir, store, sent, publish };
}

describe('publishRun', () => {
  it('first-run-writes-the-layout-and-alerts-with-a-no-previous-state-note', async () => {
    const { dir, sent, publish } = setup();
    const r = await publish(1);
    expect(r.alertStatus).toBe('sent');
    expect(r.baselineProblem?.kind).toBe('missing');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatch(/no usable previous state \(missing/);
    for (const f of ['findings.json', 'findings.csv', 'report.html', 'findings.asff.json', 'findings.ocsf.json', 'state.json', 'exceptions.json', 'manifest.json']) {
      expect(existsSync(join(dir, runFolder(1), f))).toBe(true);
      expect(readFileSync(join(dir, 'latest', f))).toEqual(readFileSync(join(dir, runFolder(1), f)));
    }
    expect(JSON.parse(readFileSync(join(dir, 'latest/run.json'), 'utf8'))).toMatchObject({ runId: 'run-1', manifestKey: `${runFolder(1)}manifest.json`, manifestSha256: r.manifestSha256 });
    expect(existsSync(join(dir, 'state/alerts/run-1.json'))).toBe(true);
    expect(readFileSync(join(dir, runFolder(1), 'report.html'), 'utf8')).toContain('id="changes"');
  });

  it('next-run-reports-open-and-resolved-and-alerts-only-what-is-new', async () => {
    const { sent, publish } = setup();
    await publish(1);
    const r = await publish(2);
    expect(r.changes).toMatchObject({ new: 1, open: 1, resolved: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[1].findingIds).toHaveLength(1);
    expect(sent[1].body).not.toMatch(/no usable previous state/);
    expect(r.document.findings.find((f) => f.resourceId === 'i-1')).toMatchObject({ lifecycle: 'RESOLVED' });
  });

  it('nothing-new-sends-nothing', async () => {
    const { sent, publish } = setup();
    const same = [finding({ resourceId: 'i-x' })];
    await publish(1, {}, same);
    const r = await publish(2, {}, same);
    expect(r.alertStatus).toBe('none');
    expect(sent).toHaveLength(1);
  });

  it('retried-run-with-the-same-id-never-alerts-twice', async () => {
    const { sent, publish } = setup();
    await publish(1);
    const again = await publish(1);
    expect(again.alreadyPublished).toBe(true);
    expect(again.alertStatus).toBe('already-sent');
    expect(sent).toHaveLength(1);
  });

  it('retry-after-a-crash-before-latest-completes-the-pointer-and-alerts-once', async () => {
    const { dir, sent, publish } = setup();
    await publish(1);
    const first = await publish(2, { deliver: undefined });
    expect(first.alertStatus).toBe('not-delivered');
    rmSync(join(dir, 'latest/run.json'));
    const retry = await publish(2);
    expect(retry.alreadyPublished).toBe(true);
    expect(retry.alertStatus).toBe('sent');
    expect(JSON.parse(readFileSync(join(dir, 'latest/run.json'), 'utf8')).runId).toBe('run-2');
    expect(sent.map((a) => a.attributes.run.StringValue)).toEqual(['run-1', 'run-2']);
    expect((await verifyChain(new LocalRunStore(dir), dir)).ok).toBe(true);
  });

  it('failed-delivery-releases-the-claim-so-a-retry-can-send', async () => {
    const { dir, sent, publish } = setup();
    await expect(publish(1, { deliver: async () => Promise.reject(new Error('SNS throttled')) })).rejects.toThrow('SNS throttled');
    expect(existsSync(join(dir, 'state/alerts/run-1.json'))).toBe(false);
    const retry = await publish(1);
    expect(retry.alertStatus).toBe('sent');
    expect(sent).toHaveLength(1);
  });

  it('partial-run-with-other-content-under-the-same-id-is-never-overwritten', async () => {
    const { dir, publish } = setup();
    const folder = join(dir, runFolder(1));
    require('node:fs').mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'findings.json'), '{"other":"content"}');
    await expect(publish(1)).rejects.toBeInstanceOf(ObjectExistsError);
    expect(readFileSync(join(folder, 'findings.json'), 'utf8')).toBe('{"other":"content"}');
  });

  it.each([
    ['tampered-state-file', 'corrupt', (dir: string) => writeFileSync(join(dir, runFolder(1), 'state.json'), '{"kind":"vmaudit-state"}'), /does not match the SHA-256 in its manifest/],
    ['corrupt-pointer', 'corrupt', (dir: string) => writeFileSync(join(dir, 'latest/run.json'), 'not json'), /not a valid pointer/],
    ['removed-previous-manifest', 'corrupt', (dir: string) => rmSync(join(dir, runFolder(1), 'manifest.json')), /missing/],
  ])('%s-does-not-block-the-run-it-is-reported-as-%s', async (_name, kind, damage, message) => {
    const { dir, sent, publish } = setup();
    await publish(1);
    damage(dir);
    const r = await publish(2);
    expect(r.baselineProblem?.kind).toBe(kind);
    expect(r.baselineProblem?.message).toMatch(message);
    expect(r.changes.new).toBe(2);
    expect(sent[1].body).toMatch(new RegExp(`no usable previous state \\(${kind}`));
  });

  it('store-of-another-account-is-foreign', async () => {
    const { publish } = setup();
    await publish(1);
    const other = runDoc(2, [finding({ accountId: '999999999999', resourceId: 'i-9' })]);
    const r = await publish(2, { document: { ...other, run: { ...other.run, accounts: ['999999999999'] } } });
    expect(r.baselineProblem?.kind).toBe('foreign');
  });

  it('pointer-lost-falls-back-to-the-newest-manifest', async () => {
    const { dir, publish } = setup();
    await publish(1);
    rmSync(join(dir, 'latest'), { recursive: true });
    const r = await publish(2);
    expect(r.baselineProblem).toBeUndefined();
    expect(r.changes.open).toBe(1);
  });

  it('expired-exception-becomes-a-finding-and-is-listed-in-exceptions-json', async () => {
    const { dir, publish } = setup();
    const policy = PolicySchema.parse({ exceptions: [{ rule: 'ec2-imdsv2-required', resource: 'i-common', reason: 'legacy app', owner: 'team-a', expires: '2026-10-31' }] });
    const r = await publish(1, { policy });
    expect(r.document.findings.find((f) => f.ruleId === 'vmaudit-exception-expired')).toMatchObject({ status: 'FAIL', severity: 'medium', lifecycle: 'NEW' });
    const ex = JSON.parse(readFileSync(join(dir, runFolder(1), 'exceptions.json'), 'utf8'));
    expect(ex.exceptions[0]).toMatchObject({ state: 'expired', owner: 'team-a', reason: 'legacy app', expires: '2026-10-31T23:59:59.999Z' });
    expect(readFileSync(join(dir, runFolder(1), 'report.html'), 'utf8')).toContain('legacy app');
  });

  it('retried-publish-writes-byte-identical-files', async () => {
    const a = setup();
    const b = setup();
    await a.publish(1);
    await b.publish(1);
    for (const f of ['findings.json', 'report.html', 'findings.asff.json', 'findings.ocsf.json', 'state.json', 'manifest.json']) {
      expect(readFileSync(join(a.dir, runFolder(1), f))).toEqual(readFileSync(join(b.dir, runFolder(1), f)));
    }
  });
});

describe('publishRun: output formats', () => {
  it('only-the-chosen-formats-are-written-and-findings-json-always', async () => {
    const { dir, publish } = setup();
    const r = await publish(1, { outputFormats: ['csv'] });
    const written = ['findings.json', 'findings.csv', 'state.json', 'exceptions.json', 'manifest.json'];
    for (const f of written) expect(existsSync(join(dir, runFolder(1), f))).toBe(true);
    for (const f of ['report.html', 'findings.asff.json', 'findings.ocsf.json']) {
      expect(existsSync(join(dir, runFolder(1), f))).toBe(false);
      expect(existsSync(join(dir, 'latest', f))).toBe(false);
    }
    const manifest = JSON.parse(readFileSync(join(dir, runFolder(1), 'manifest.json'), 'utf8')) as { files: { name: string }[] };
    expect(manifest.files.map((f) => f.name).sort()).toEqual(written.filter((f) => f !== 'manifest.json').sort());
    expect((await verifyChain(new LocalRunStore(dir), dir)).ok).toBe(true);
    // The next run with every format reads this one's state as usual.
    const next = await publish(2);
    expect(next.baselineProblem).toBeUndefined();
    expect(r.keys).toHaveLength(written.length);
  });
});

describe('publishRun: a run file that cannot be written', () => {
  it('fails-naming-the-file-and-advances-neither-latest-nor-the-state', async () => {
    const { MemoryStore } = await import('../pipeline/memory-store');
    const { RunFileWriteError } = await import('../../lib/pipeline/publish-run');
    const store = new MemoryStore();
    await publishRun({ document: runDoc(1), policy: POLICY, store });
    const pointer = store.text('latest/run.json');
    store.failingStreams.add(`${runFolder(2)}report.html`);
    const failed = publishRun({ document: runDoc(2), policy: POLICY, store });
    await expect(failed).rejects.toBeInstanceOf(RunFileWriteError);
    await expect(failed).rejects.toThrow(`memory://test/${runFolder(2)}report.html (ENOSPC: No space left on device`);
    expect(store.objects.has(`${runFolder(2)}report.html`)).toBe(false);
    expect(store.objects.has(`${runFolder(2)}manifest.json`)).toBe(false);
    expect(store.text('latest/run.json')).toBe(pointer);
    expect(store.text('latest/findings.json')).toBe(store.text(`${runFolder(1)}findings.json`));
  });
});
