import rule from '../../lib/rules/ec2-volume-encrypted';
import { snapshot, volume } from '../../lib/model/builders';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-volume-encrypted', () => {
  const attached = [{ instanceId: 'i-1', device: '/dev/xvda', state: 'attached' }];
  it.each([
    { name: 'encrypted-attached-volume-passes', encrypted: true, attachments: attached, expected: 'PASS' },
    { name: 'unencrypted-attached-volume-fails', encrypted: false, attachments: attached, expected: 'FAIL' },
    { name: 'unencrypted-detached-volume-is-not-applicable', encrypted: false, attachments: [], expected: 'NOT_APPLICABLE' },
  ])('$name', ({ encrypted, attachments, expected }) => {
    const snap = snapshot({ volumes: [volume({ volumeId: 'vol-1', encrypted, attachments })] });
    expect(resultFor(runRule(rule, snap), 'vol-1').status).toBe(expected);
  });

  it('fail-message-names-volume-and-instance', () => {
    const snap = snapshot({ volumes: [volume({ volumeId: 'vol-1', encrypted: false, attachments: attached })] });
    expect(resultFor(runRule(rule, snap), 'vol-1').message).toBe('vol-1 attached to i-1 is not encrypted');
  });
});
