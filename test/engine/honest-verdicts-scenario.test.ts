/**
 * The scenario of the honest-verdicts issue: a new user's DESIGN-style policy (frameworks [fsbp,
 * cis-3.0] plus isolation, flows, access, audit and response) over an estate seeded with what the
 * first try missed. The scan must report the dev → prod paths (security-group reference over routed
 * peering, five ports), the public AMI, the prod snapshot made public by a principal outside the access
 * policy, and the read-only denied burst, or UNKNOWN with the reason when read-only calls were not read.
 */
import { FULL_CATALOGUE } from '../../lib/catalogue';
import { evaluate } from '../../lib/engine/evaluate';
import type { Finding } from '../../lib/findings/finding';
import type { AuditEvent, EventReadClass, Snapshot } from '../../lib/model/types';
import { A, allEgress, b, fromGroup, localRoutes, openNacl, vm } from '../isolation/support/estate';
import { designPolicy } from '../support/design-policy';
import { NOW } from '../support/run-rule';

const PORTS = [22, 3306, 5432, 6379, 8080];
const WINDOW = { from: '2026-11-26T09:00:00.000Z', to: '2026-11-26T12:00:00.000Z' };
const SCHEDULED: EventReadClass[] = ['console-sign-in', 'write', 'read-only-denied', 'read-only-root'];
const ROLE = `arn:aws:iam::${A}:role/app-instance`;

/** 12 AccessDenied / Client.UnauthorizedOperation read-only calls by one instance role within 5 minutes. */
function reconnaissance(): AuditEvent[] {
  return Array.from({ length: 12 }, (_, i) =>
    b.auditEvent({
      eventId: `recon-${i}`,
      time: new Date(Date.parse('2026-11-26T10:00:00.000Z') + i * 25_000).toISOString(),
      source: i % 3 ? 'ec2.amazonaws.com' : 'iam.amazonaws.com',
      name: i % 3 ? 'DescribeInstances' : 'ListRoles',
      readOnly: true,
      errorCode: i % 3 ? 'Client.UnauthorizedOperation' : 'AccessDenied',
      sourceIp: '203.0.113.50',
      principal: { type: 'AssumedRole', arn: `arn:aws:sts::${A}:assumed-role/app-instance/i-0dev`, accountId: A, sessionIssuerArn: ROLE },
    }),
  );
}

const snapshotMadePublic = b.auditEvent({
  eventId: 'modify-snap-1',
  time: '2026-11-26T11:00:00.000Z',
  name: 'ModifySnapshotAttribute',
  readOnly: false,
  sourceIp: '198.51.100.9',
  principal: { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/mallory`, accountId: A, userName: 'mallory' },
  requestParameters: { snapshotId: 'snap-0prod', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } },
  resources: [{ type: 'AWS::EC2::Snapshot', id: 'snap-0prod' }],
});

/** dev (vpc-1, 10.0.0.0/16) and prod (vpc-2, 10.1.0.0/16), peered and routed both ways; prod's group admits dev's group on five ports. */
export function seededEstate(classes: EventReadClass[] = SCHEDULED): Snapshot {
  // A scan that did not read read-only calls has none of them.
  const events = [...(classes.includes('read-only-denied') ? reconnaissance() : []), snapshotMadePublic];
  return b.snapshot({
    vpcs: [b.vpc(), b.vpc({ vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'] })],
    subnets: [b.subnet(), b.subnet({ subnetId: 'subnet-9', vpcId: 'vpc-2', cidrBlock: '10.1.1.0/24' })],
    peeringConnections: [b.peeringConnection({ requester: { accountId: A, region: 'us-east-1', vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] }, accepter: { accountId: A, region: 'us-east-1', vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'] } })],
    routeTables: [
      b.routeTable({ routeTableId: 'rtb-1', routes: [...localRoutes(), { destination: '10.1.0.0/16', target: { kind: 'peering', id: 'pcx-1' } }] }),
      b.routeTable({ routeTableId: 'rtb-2', vpcId: 'vpc-2', routes: [{ destination: '10.1.0.0/16', target: { kind: 'local', id: 'local' } }, { destination: '10.0.0.0/16', target: { kind: 'peering', id: 'pcx-1' } }] }),
    ],
    networkAcls: [openNacl({ subnets: ['subnet-1'] }), openNacl({ id: 'acl-2', vpcId: 'vpc-2', subnets: ['subnet-9'] })],
    securityGroups: [
      b.securityGroup({ groupId: 'sg-dev', egress: [allEgress()] }),
      b.securityGroup({ groupId: 'sg-prod', vpcId: 'vpc-2', egress: [allEgress()], ingress: PORTS.map((p) => fromGroup('tcp', p, p, 'sg-dev')) }),
    ],
    instances: [vm('i-0dev', { zone: 'dev', subnet: 'subnet-1', ip: '10.0.1.10', sgs: ['sg-dev'] }), vm('i-0prod', { zone: 'prod', subnet: 'subnet-9', vpc: 'vpc-2', ip: '10.1.1.20', sgs: ['sg-prod'] })],
    images: [b.image({ imageId: 'ami-0public', public: true })],
    snapshots: [b.ebsSnapshot({ snapshotId: 'snap-0prod', tags: { Environment: 'prod' } })],
    trails: [b.trail()],
    events,
    eventWindows: [{ accountId: A, region: 'us-east-1', ...WINDOW, eventCount: events.length, capped: false, unparsed: 0, unparsedErrors: [], classes: classes.map((c) => ({ class: c, capped: false })) }],
  });
}

export function scan(snap: Snapshot): Finding[] {
  return evaluate(snap, designPolicy().policy, { rules: FULL_CATALOGUE, now: NOW }).findings;
}

const of = (fs: Finding[], ruleId: string) => fs.filter((f) => f.ruleId === ruleId);

describe('a scan under the DESIGN-style policy of the seeded estate', () => {
  const findings = scan(seededEstate());

  it('reports-the-dev-to-prod-paths-on-all-five-ports', () => {
    const paths = of(findings, 'net-zone-isolation').filter((f) => f.status === 'FAIL' && f.evidence.sourceZone === 'dev' && f.evidence.destinationZone === 'prod');
    expect(paths.length).toBeGreaterThan(0);
    const text = paths.map((f) => `${f.message} ${JSON.stringify(f.evidence)}`).join('\n');
    for (const p of PORTS) expect(text).toContain(`tcp/${p}`);
    expect(text).toContain('pcx-1');
  });

  it('reports-the-public-ami', () => {
    expect(of(findings, 'ec2-ami-not-public').map((f) => [f.resourceId, f.status])).toEqual([['ami-0public', 'FAIL']]);
  });

  it('reports-the-prod-snapshot-made-public-by-a-principal-outside-the-access-policy', () => {
    const access = of(findings, 'evt-access-policy').filter((f) => f.status === 'FAIL');
    expect(access.map((f) => [f.resourceType, f.resourceId])).toEqual([['AWS::EC2::Snapshot', 'snap-0prod']]);
    expect(access[0].message).toMatch(/user\/mallory.*ec2:ModifySnapshotAttribute/);
  });

  it('reports-the-read-only-denied-burst', () => {
    const burst = of(findings, 'evt-unauthorized-api-calls').filter((f) => f.status === 'FAIL');
    expect(burst).toHaveLength(1);
    expect(burst[0].message).toMatch(/12 unauthorized API calls/);
  });

  it('the-burst-is-unknown-with-the-reason-when-read-only-calls-were-not-read', () => {
    const without = of(scan(seededEstate(['console-sign-in', 'write'])), 'evt-unauthorized-api-calls');
    expect(without.map((f) => f.status)).toEqual(['UNKNOWN']);
    expect(without[0].message).toContain('denied read-only calls were not read');
  });

  it('every-rule-ran-none-is-silently-off', () => {
    expect(evaluate(seededEstate(), designPolicy().policy, { rules: FULL_CATALOGUE, now: NOW }).rulesRun).toEqual(FULL_CATALOGUE.map((r) => r.id));
  });
});
