import rule from '../../lib/rules/ec2-imds-hop-limit';
import { instance, snapshot } from '../../lib/model/builders';
import type { MetadataOptions } from '../../lib/model/types';
import { runRule } from '../support/run-rule';
import { resultFor } from './helpers';

describe('ec2-imds-hop-limit', () => {
  const cases: { name: string; metadata?: MetadataOptions; params?: { maxHopLimit: number }; state?: 'terminated'; expected: string | undefined }[] = [
    { name: 'hop-limit-1-passes', metadata: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 }, expected: 'PASS' },
    { name: 'hop-limit-2-fails-by-default', metadata: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 }, expected: 'FAIL' },
    { name: 'hop-limit-2-passes-when-the-policy-allows-2', metadata: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 }, params: { maxHopLimit: 2 }, expected: 'PASS' },
    { name: 'hop-limit-3-fails-when-the-policy-allows-2', metadata: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 3 }, params: { maxHopLimit: 2 }, expected: 'FAIL' },
    { name: 'metadata-disabled-passes-whatever-the-hop-limit', metadata: { httpTokens: 'optional', httpEndpoint: 'disabled', httpPutResponseHopLimit: 5 }, expected: 'PASS' },
    { name: 'hop-limit-not-reported-is-unknown', metadata: { httpTokens: 'required', httpEndpoint: 'enabled' }, expected: 'UNKNOWN' },
    { name: 'metadata-options-not-reported-is-unknown', expected: 'UNKNOWN' },
  ];
  it.each(cases)('$name', ({ metadata, params, expected }) => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', ...(metadata ? { metadataOptions: metadata } : {}) })] });
    expect(resultFor(runRule(rule, snap, params ?? {}), 'i-1').status).toBe(expected);
  });

  it('fail-names-the-hop-limit-and-the-allowed-maximum', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 } })] });
    const f = resultFor(runRule(rule, snap), 'i-1');
    expect(f.message).toBe('i-1 lets metadata tokens travel 2 hops (at most 1 allowed)');
    expect(f.evidence).toEqual({ httpPutResponseHopLimit: 2, maxHopLimit: 1, httpTokens: 'required' });
  });

  it('terminated-instances-are-skipped', () => {
    const snap = snapshot({ instances: [instance({ instanceId: 'i-1', state: 'terminated', metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 4 } })] });
    expect(runRule(rule, snap).filter((f) => f.resourceId === 'i-1')).toEqual([]);
  });
});
