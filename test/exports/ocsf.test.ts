/**
 * Each event is checked against OCSF 1.3.0: the attributes the Compliance Finding class (2003) and its
 * parents (base event, finding) mark required, plus the cloud profile's required `cloud.provider`, the
 * objects' required attributes (metadata.product, metadata.version, finding_info.uid,
 * compliance.standards), and the enum values of the ids with their captions.
 */
import { OCSF_VERSION, renderOcsf, toOcsfEvents, type OcsfComplianceFinding } from '../../lib/exports/ocsf';
import type { Finding } from '../../lib/findings/finding';
import { finding, findingsDoc, manyFindings } from '../support/findings';

const REQUIRED_PATHS = [
  'activity_id', 'category_uid', 'class_uid', 'type_uid', 'severity_id', 'time', 'metadata', 'metadata.product', 'metadata.product.vendor_name',
  'metadata.version', 'finding_info', 'finding_info.uid', 'finding_info.title', 'compliance', 'compliance.standards', 'cloud', 'cloud.provider',
];
const ENUMS = {
  activity_id: { 1: 'Create', 2: 'Update', 3: 'Close' },
  severity_id: { 0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical', 6: 'Fatal', 99: 'Other' },
  status_id: { 0: 'Unknown', 1: 'New', 2: 'In Progress', 3: 'Suppressed', 4: 'Resolved', 5: 'Archived', 6: 'Deleted', 99: 'Other' },
  compliance_status_id: { 0: 'Unknown', 1: 'Pass', 2: 'Warning', 3: 'Fail', 99: 'Other' },
} as const;

function get(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

function ocsfProblems(e: OcsfComplianceFinding): string[] {
  const p: string[] = [];
  for (const path of REQUIRED_PATHS) {
    const v = get(e, path);
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) p.push(`missing ${path}`);
  }
  if (e.class_uid !== 2003 || e.category_uid !== 2) p.push('class/category');
  if (e.type_uid !== 2003 * 100 + e.activity_id) p.push('type_uid');
  const cap = (table: Record<number, string>, id: number, caption: string, name: string) => {
    if (!(id in table)) p.push(`${name} ${id} not in enum`);
    else if (table[id] !== caption) p.push(`${name} caption ${caption}`);
  };
  cap(ENUMS.activity_id, e.activity_id, e.activity_name, 'activity_id');
  cap(ENUMS.severity_id, e.severity_id, e.severity, 'severity_id');
  cap(ENUMS.status_id, e.status_id, e.status, 'status_id');
  cap(ENUMS.compliance_status_id, e.compliance.status_id, e.compliance.status, 'compliance.status_id');
  if (!Number.isInteger(e.time) || e.time <= 0) p.push('time must be epoch milliseconds');
  if (e.metadata.version !== OCSF_VERSION) p.push('metadata.version');
  if (e.cloud.provider !== 'AWS') p.push('cloud.provider');
  for (const r of e.resources) if (!r.uid || !r.type) p.push('resource uid/type');
  return p;
}

/** Every result mapped, PASS included: the mapping tests need them; the run file's selection is tested below. */
const events = (fs: Finding[]) => toOcsfEvents(findingsDoc(fs), { includePassed: true });

describe('OCSF export', () => {
  it('clean-passes-are-left-out-and-a-pass-that-resolves-a-failure-is-kept', () => {
    const fs = [finding({ resourceId: 'i-1', status: 'PASS' }), finding({ resourceId: 'i-2' }), finding({ resourceId: 'i-3', status: 'PASS', lifecycle: 'RESOLVED' })];
    expect(toOcsfEvents(findingsDoc(fs)).map((e) => e.resources[0].uid)).toEqual([expect.stringContaining('i-2'), expect.stringContaining('i-3')]);
  });

  it('every-event-of-a-varied-run-has-the-required-attributes-and-valid-enums', () => {
    const out = events(manyFindings(500));
    expect(out).toHaveLength(500);
    expect(out.flatMap(ocsfProblems)).toEqual([]);
  });

  it.each([
    ['new-failure-is-create-new-fail', { status: 'FAIL', lifecycle: 'NEW' }, 1, 1, 3],
    ['open-failure-is-update-in-progress', { status: 'FAIL', lifecycle: 'OPEN' }, 2, 2, 3],
    ['resolved-is-close-resolved', { status: 'PASS', lifecycle: 'RESOLVED' }, 3, 4, 1],
    ['suppressed-is-suppressed-and-still-fails-the-control', { status: 'SUPPRESSED', suppression: { reason: 'r', owner: 'o', expires: 'x', exception: 0 } }, 1, 3, 3],
    ['unknown-is-a-warning', { status: 'UNKNOWN' }, 1, 1, 2],
    ['pass-passes', { status: 'PASS' }, 1, 4, 1],
  ] as const)('%s', (_name, o, activity, status, compliance) => {
    const [e] = events([finding(o as Partial<Finding>)]);
    expect([e.activity_id, e.status_id, e.compliance.status_id]).toEqual([activity, status, compliance]);
    expect(ocsfProblems(e)).toEqual([]);
  });

  it.each([
    ['critical', 5],
    ['high', 4],
    ['medium', 3],
    ['low', 2],
    ['info', 1],
  ] as const)('severity-%s-is-severity-id-%s', (severity, id) => {
    expect(events([finding({ severity })])[0].severity_id).toBe(id);
  });

  it('compliance-names-standards-control-and-requirements', () => {
    const [e] = events([finding()]);
    expect(e.compliance).toMatchObject({ control: 'EC2.8', standards: ['AWS Foundational Security Best Practices v1.0.0', 'CIS AWS Foundations Benchmark v3.0.0'], requirements: ['FSBP EC2.8', 'CIS 3.0 5.6'] });
    expect(e.cloud).toEqual({ provider: 'AWS', region: 'us-east-1', account: { uid: '111111111111', type: 'AWS Account', type_id: 10 } });
  });

  it('finding-without-framework-still-names-a-standard', () => {
    const [e] = events([finding({ frameworks: { fsbp: [], 'cis-3.0': [] } })]);
    expect(e.compliance.standards).toEqual(['vmaudit']);
    expect(ocsfProblems(e)).toEqual([]);
  });

  it('renders-a-json-array-one-event-a-line', () => {
    const text = renderOcsf(findingsDoc(manyFindings(3)), { includePassed: true });
    expect(JSON.parse(text)).toHaveLength(3);
    expect(text.split('\n').filter((l) => l.startsWith('{'))).toHaveLength(3);
    expect(renderOcsf(findingsDoc([]))).toBe('[]\n');
  });
});
