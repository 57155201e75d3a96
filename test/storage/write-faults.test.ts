/**
 * A run that cannot write one of its files (disk full, a folder that is a file, S3 failing part-way
 * through an upload) fails naming the file, leaves nothing under the file's final name, and moves
 * neither latest/ nor the state: the next run still compares with the last complete one.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { S3RunStore } from '../../lib/storage/s3-store';
import { publishRun, RunFileWriteError } from '../../lib/pipeline/publish-run';
import { runCli } from '../../lib/cli/program';
import { memoryS3 } from '../lambdas/support/memory-s3';
import { POLICY, runDoc, runFolder } from '../manifest/chain-fixture';

const awsError = (name: string, status: number, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: status >= 500 ? 'server' : 'client' });

describe('S3: an upload that fails part-way', () => {
  const s3 = mockClient(S3Client);
  afterAll(() => s3.restore());

  it('is-aborted-and-leaves-no-object-under-its-key', async () => {
    s3.reset();
    s3.on(HeadObjectCommand).rejects(awsError('NotFound', 404, 'Not Found'));
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    let parts = 0;
    s3.on(UploadPartCommand).callsFake(() => {
      if (++parts === 2) throw awsError('InternalError', 500, 'We encountered an internal error. Please try again.');
      return { ETag: `"part-${parts}"` };
    });
    s3.on(CompleteMultipartUploadCommand).resolves({});
    s3.on(AbortMultipartUploadCommand).resolves({});
    const store = new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'b', prefix: '' });
    // Not a gzipped key, so 20 MB of text is 20 MB on the wire: three parts of 8 MiB.
    const chunks = function* () {
      for (let i = 0; i < 20; i++) yield `${String(i).padStart(8, '0')}${'x'.repeat(1_000_000 - 8)}`;
    };
    await expect(store.createStream('exports/big.txt', chunks())).rejects.toThrow(/internal error/);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([expect.objectContaining({ Bucket: 'b', Key: 'exports/big.txt', UploadId: 'upload-1' })]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });
});

describe('publishRun: S3 refuses a run file', () => {
  it('fails-naming-the-s3-key-and-writes-no-manifest-latest-or-pointer', async () => {
    const bucket = memoryS3('vmaudit-test-bucket');
    const store = new S3RunStore(new S3Client({ region: 'us-east-1' }), { bucket: 'vmaudit-test-bucket', prefix: '' });
    await publishRun({ document: runDoc(1), policy: POLICY, store });
    const pointer = bucket.text('latest/run.json');
    const latestJson = bucket.text('latest/findings.json');
    bucket.mock.on(PutObjectCommand, { Key: `${runFolder(2)}findings.csv` }).rejects(awsError('SlowDown', 503, 'Please reduce your request rate.'));
    const failed = publishRun({ document: runDoc(2), policy: POLICY, store });
    await expect(failed).rejects.toBeInstanceOf(RunFileWriteError);
    await expect(failed).rejects.toThrow(`could not write s3://vmaudit-test-bucket/${runFolder(2)}findings.csv (Please reduce your request rate.)`);
    expect(bucket.objects.has(`${runFolder(2)}findings.csv`)).toBe(false);
    expect(bucket.objects.has(`${runFolder(2)}manifest.json`)).toBe(false);
    expect(bucket.objects.has(`${runFolder(2)}state.json`)).toBe(false);
    expect(bucket.text('latest/run.json')).toBe(pointer);
    expect(bucket.text('latest/findings.json')).toBe(latestJson);
    bucket.mock.restore();
  });
});

describe('vmaudit: a run folder that cannot be made', () => {
  it('is-exit-2-naming-the-file-and-leaves-no-latest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmaudit-write-fault-'));
    try {
      // runs/ is a file: every run file's folder is refused (as a full or read-only disk would refuse its bytes).
      writeFileSync(join(dir, 'runs'), '');
      let err = '';
      const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
      let code: number;
      try {
        code = await runCli(['demo', '--out', dir], (s) => (err += s));
      } finally {
        spy.mockRestore();
      }
      expect(code).toBe(2);
      expect(err).toMatch(/^RunFileWriteError: could not write .*\/runs\/\d{4}\/\d\d\/\d\d\/[^/]+\/findings\.json \(ENOTDIR: not a directory/);
      expect(err).toContain('latest/ and the state still point to the previous run');
      expect(existsSync(join(dir, 'latest'))).toBe(false);
      expect(readdirSync(dir).sort()).toEqual(['runs']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
