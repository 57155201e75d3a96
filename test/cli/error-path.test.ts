/** The CLI's one error path: environment refusals are exit 2 paragraphs, closed pipes end quietly, terminal text is inert. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { internalErrorMessage, userErrorOf } from '../../lib/errors';
import { checkProfileExists } from '../../lib/collect/profiles';
import { endQuietlyOnClosedPipe, isClosedPipe } from '../../lib/cli/terminal';
import { formatReachText } from '../../lib/isolation/query';
import { escapeControls } from '../../lib/reports/text';

const errno = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: x`), { code, syscall, path });

describe('userErrorOf', () => {
  it.each([
    ['permission-denied-names-the-path-and-the-fix', errno('EACCES', 'mkdir', '/srv/out'), /^FileSystemError: cannot mkdir \/srv\/out: permission denied \(EACCES\)\. Choose a folder you can write/],
    ['read-only-file-system', errno('EROFS', 'open', '/ro/x'), /the file system is read-only \(EROFS\)/],
    ['disk-full', errno('ENOSPC', 'write', '/full/x'), /no space left/],
    ['missing-credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), /^CredentialsError: no usable AWS credentials/],
    ['a-bucket-that-does-not-exist', Object.assign(new Error('The specified bucket does not exist'), { name: 'NoSuchBucket', $metadata: {}, $fault: 'client' }), /^AwsError: AWS refused the request \(NoSuchBucket/],
  ])('%s', (_n, err, message) => {
    const e = userErrorOf(err);
    expect(e?.message).toMatch(message);
    expect(e?.exitCode).toBe(2);
  });

  it('a-bug-is-not-an-ordinary-error-and-its-message-says-how-to-report-it', () => {
    expect(userErrorOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(internalErrorMessage(new TypeError('x is undefined'))).toMatch(/internal error: x is undefined\nThis is a bug in vmaudit.*report it.*VMAUDIT_DEBUG=1/s);
  });
});

describe('terminal output', () => {
  it('a-closed-pipe-is-swallowed-other-stream-errors-are-not', () => {
    const handlers: ((e: NodeJS.ErrnoException) => void)[] = [];
    const stream = { write: () => true, on: (_e: 'error', h: (e: NodeJS.ErrnoException) => void) => handlers.push(h) };
    endQuietlyOnClosedPipe(stream);
    expect(() => handlers[0](errno('EPIPE', 'write', ''))).not.toThrow();
    expect(() => handlers[0](errno('EIO', 'write', ''))).toThrow();
    expect(isClosedPipe(errno('EPIPE', 'write', ''))).toBe(true);
  });

  it('control-characters-are-escaped-visibly-like-html-escaping', () => {
    expect(escapeControls('web\r\u001b[2Jevil\u202e\nx')).toBe('web\\r\\e[2Jevil\\u202e\\nx');
    expect(escapeControls('line one\nline two\tok', true)).toBe('line one\nline two\tok');
    // JSON stays valid and equal in value.
    expect(JSON.parse(escapeControls(JSON.stringify({ a: 'x\u0085\u202ey' }), true))).toEqual({ a: 'x\u0085\u202ey' });
  });

  it('reach-text-shows-a-carriage-return-from-a-name-tag-instead-of-printing-it', () => {
    const text = formatReachText({ question: 'Can web\rEVIL reach db?', reachable: 'no', notes: [], paths: [] } as unknown as Parameters<typeof formatReachText>[0]);
    expect(text).not.toContain('\r');
    expect(text).toContain('web\\rEVIL');
  });
});

describe('--profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmaudit-profiles-'));
  const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  writeFileSync(env.AWS_CONFIG_FILE, '[profile audit]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n');
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');

  it('a-profile-that-does-not-exist-says-so-and-lists-those-that-do', async () => {
    await expect(checkProfileExists('ghost', env)).rejects.toThrow(/^UsageError: --profile "ghost" does not exist in .*config or .*credentials\. Profiles there: audit, default\./);
  });

  it('an-existing-profile-passes', async () => {
    await expect(checkProfileExists('audit', env)).resolves.toBeUndefined();
  });
});
