import rule from '../../lib/rules/ec2-volume-all-encrypted';
import { snapshot, volume } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-volume-all-encrypted', () => {
  const attached = [{ instanceId: 'i-1', device: '/dev/xvda', state: 'attached' }];
  const cases: { name: string; encrypted: boolean; attached: boolean; expected: string; message: string }[] = [
    { name: 'encrypted-attached-volume-passes', encrypted: true, attached: true, expected: 'PASS', message: 'vol-1 (attached to i-1) is encrypted' },
    { name: 'encrypted-detached-volume-passes', encrypted: true, attached: false, expected: 'PASS', message: 'vol-1 (not attached (available)) is encrypted' },
    { name: 'unencrypted-attached-volume-fails', encrypted: false, attached: true, expected: 'FAIL', message: 'vol-1 (attached to i-1) is not encrypted' },
    { name: 'unencrypted-detached-volume-fails-where-ec2-3-does-not-apply', encrypted: false, attached: false, expected: 'FAIL', message: 'vol-1 (not attached (available)) is not encrypted' },
  ];
  it.each(cases)('$name', ({ encrypted, attached: isAttached, expected, message }) => {
    const snap = snapshot({ volumes: [volume({ volumeId: 'vol-1', encrypted, state: isAttached ? 'in-use' : 'available', attachments: isAttached ? attached : [] })] });
    const f = resultFor(runRule(rule, snap), 'vol-1');
    expect(f.status).toBe(expected);
    expect(f.message).toBe(message);
  });
});
