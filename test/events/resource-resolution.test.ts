/**
 * Every EC2 write the access policy and the change rules must place: a table of CloudTrail records,
 * one per event name, in the shape CloudTrail writes them (the record skeleton is the Stratus Red Team
 * ModifySnapshotAttribute detonation; request and response fields as EC2 logs each call: camelCase
 * query parameters, or one `XxxRequest` / `XxxResponse` wrapper for the newer APIs such as ModifyVolume,
 * CreateNatGateway and the launch-template calls). For each: the resource is resolved, its tags come
 * from the inventory and an outsider's call is a FAIL naming it; with the resource missing from the
 * inventory the verdict is UNKNOWN with the reason, never PASS.
 */
import { sharedPath } from '../support/shared-folder';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findAnyRule } from '../../lib/catalogue';
import { normaliseCloudTrailRecord } from '../../lib/events/normalise';
import { extractResources } from '../../lib/events/resources';
import * as b from '../../lib/model/builders';
import type { AuditEvent, SnapshotInput } from '../../lib/model/types';
import { eventSnapshot } from './support';
import { runRule } from '../support/run-rule';

const STRATUS = sharedPath('oracles', 'stratus-red-team', 'detonation-logs');
const [SKELETON] = JSON.parse(readFileSync(join(STRATUS, 'aws.exfiltration.ec2-share-ebs-snapshot.json'), 'utf8')) as Record<string, unknown>[];
const ACCOUNT = SKELETON.recipientAccountId as string;
const REGION = 'us-east-1';

function record(n: number, eventName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> = { _return: true }): AuditEvent {
  const raw = { ...SKELETON, awsRegion: REGION, eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, eventName, requestParameters, responseElements: { requestId: 'r', ...responseElements } };
  const r = normaliseCloudTrailRecord(raw);
  if (!('ok' in r)) throw new Error(r.error);
  return r.ok;
}

const PROD = { Environment: 'prod' };
const at = { accountId: ACCOUNT, region: REGION };
/** The inventory each case needs for its resource to resolve, tagged prod. */
const inv = {
  snapshot: (id: string): Partial<SnapshotInput> => ({ snapshots: [b.ebsSnapshot({ ...at, snapshotId: id, tags: PROD })] }),
  volume: (id: string): Partial<SnapshotInput> => ({ volumes: [b.volume({ ...at, volumeId: id, tags: PROD })] }),
  image: (id: string): Partial<SnapshotInput> => ({ images: [b.image({ ...at, imageId: id, tags: PROD })] }),
  instance: (id: string): Partial<SnapshotInput> => ({ instances: [b.instance({ ...at, instanceId: id, tags: PROD })] }),
  eni: (id: string, instanceId: string): Partial<SnapshotInput> => ({ instances: [b.instance({ ...at, instanceId, tags: PROD })], networkInterfaces: [b.networkInterface({ ...at, networkInterfaceId: id, instanceId })] }),
  nacl: (id: string): Partial<SnapshotInput> => ({ networkAcls: [b.networkAcl({ ...at, networkAclId: id, tags: PROD })] }),
  routeTable: (id: string): Partial<SnapshotInput> => ({ routeTables: [b.routeTable({ ...at, routeTableId: id, tags: PROD })] }),
  peering: (id: string): Partial<SnapshotInput> => ({ peeringConnections: [b.peeringConnection({ ...at, peeringConnectionId: id, tags: PROD, requester: { ...at, vpcId: 'vpc-1', cidrBlocks: ['10.0.0.0/16'] }, accepter: { ...at, vpcId: 'vpc-2', cidrBlocks: ['10.1.0.0/16'] } })] }),
  none: (): Partial<SnapshotInput> => ({}),
};

interface Case {
  name: string;
  event: AuditEvent;
  type: string;
  id: string;
  /** The inventory that holds the resource; absent for kinds the inventory does not hold. */
  inventory?: Partial<SnapshotInput>;
}

const CASES: Case[] = [
  { name: 'ModifySnapshotAttribute-made-public', event: record(1, 'ModifySnapshotAttribute', { snapshotId: 'snap-0prod1', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: { add: { items: [{ group: 'all' }] } } }), type: 'AWS::EC2::Snapshot', id: 'snap-0prod1', inventory: inv.snapshot('snap-0prod1') },
  { name: 'CopySnapshot-of-a-prod-snapshot', event: record(2, 'CopySnapshot', { sourceRegion: REGION, sourceSnapshotId: 'snap-0prod2', description: 'copy' }, { snapshotId: 'snap-0copy2' }), type: 'AWS::EC2::Snapshot', id: 'snap-0prod2', inventory: inv.snapshot('snap-0prod2') },
  { name: 'DeleteSnapshot', event: record(3, 'DeleteSnapshot', { snapshotId: 'snap-0prod3' }), type: 'AWS::EC2::Snapshot', id: 'snap-0prod3', inventory: inv.snapshot('snap-0prod3') },
  { name: 'AttachVolume', event: record(4, 'AttachVolume', { volumeId: 'vol-0prod4', instanceId: 'i-0prod4', device: '/dev/sdf' }, { volumeId: 'vol-0prod4', instanceId: 'i-0prod4', device: '/dev/sdf', status: 'attaching' }), type: 'AWS::EC2::Volume', id: 'vol-0prod4', inventory: { ...inv.volume('vol-0prod4'), instances: [b.instance({ ...at, instanceId: 'i-0prod4', tags: { Environment: 'dev' } })] } },
  { name: 'DetachVolume', event: record(5, 'DetachVolume', { volumeId: 'vol-0prod5', force: false }, { volumeId: 'vol-0prod5', instanceId: 'i-0other5', status: 'detaching' }), type: 'AWS::EC2::Volume', id: 'vol-0prod5', inventory: { ...inv.volume('vol-0prod5'), ...inv.instance('i-0other5') } },
  { name: 'ModifyVolume-wrapped-request', event: record(6, 'ModifyVolume', { ModifyVolumeRequest: { VolumeId: 'vol-0prod6', Size: 200 } }, { ModifyVolumeResponse: { volumeModification: { volumeId: 'vol-0prod6', targetSize: 200 } } }), type: 'AWS::EC2::Volume', id: 'vol-0prod6', inventory: inv.volume('vol-0prod6') },
  { name: 'DeleteVolume', event: record(7, 'DeleteVolume', { volumeId: 'vol-0prod7' }), type: 'AWS::EC2::Volume', id: 'vol-0prod7', inventory: inv.volume('vol-0prod7') },
  { name: 'ModifyImageAttribute-made-public', event: record(8, 'ModifyImageAttribute', { imageId: 'ami-0prod8', attributeType: 'launchPermission', launchPermission: { add: { items: [{ group: 'all' }] } } }), type: 'AWS::EC2::Image', id: 'ami-0prod8', inventory: inv.image('ami-0prod8') },
  { name: 'ModifyNetworkInterfaceAttribute-of-a-prod-instance', event: record(9, 'ModifyNetworkInterfaceAttribute', { networkInterfaceId: 'eni-0prod9', groupSet: { items: [{ groupId: 'sg-0open' }] } }), type: 'AWS::EC2::NetworkInterface', id: 'eni-0prod9', inventory: inv.eni('eni-0prod9', 'i-0prod9') },
  { name: 'CreateNetworkAclEntry', event: record(10, 'CreateNetworkAclEntry', { networkAclId: 'acl-0prod10', ruleNumber: 90, egress: false, ruleAction: 'allow', protocol: '-1', cidrBlock: '0.0.0.0/0' }), type: 'AWS::EC2::NetworkAcl', id: 'acl-0prod10', inventory: inv.nacl('acl-0prod10') },
  { name: 'CreateRoute', event: record(11, 'CreateRoute', { routeTableId: 'rtb-0prod11', destinationCidrBlock: '0.0.0.0/0', gatewayId: 'igw-0x' }), type: 'AWS::EC2::RouteTable', id: 'rtb-0prod11', inventory: inv.routeTable('rtb-0prod11') },
  { name: 'AttachInternetGateway', event: record(12, 'AttachInternetGateway', { internetGatewayId: 'igw-0new12', vpcId: 'vpc-0unknown12' }), type: 'AWS::EC2::InternetGateway', id: 'igw-0new12' },
  { name: 'DeleteNatGateway-wrapped-request', event: record(13, 'DeleteNatGateway', { DeleteNatGatewayRequest: { NatGatewayId: 'nat-0prod13' } }, { DeleteNatGatewayResponse: { natGatewayId: 'nat-0prod13' } }), type: 'AWS::EC2::NatGateway', id: 'nat-0prod13' },
  { name: 'AcceptVpcPeeringConnection', event: record(14, 'AcceptVpcPeeringConnection', { vpcPeeringConnectionId: 'pcx-0prod14' }), type: 'AWS::EC2::VPCPeeringConnection', id: 'pcx-0prod14', inventory: inv.peering('pcx-0prod14') },
  { name: 'ModifyLaunchTemplate-wrapped-request', event: record(15, 'ModifyLaunchTemplate', { ModifyLaunchTemplateRequest: { LaunchTemplateId: 'lt-0prod15', DefaultVersion: '2' } }), type: 'AWS::EC2::LaunchTemplate', id: 'lt-0prod15' },
  { name: 'DeleteKeyPair', event: record(16, 'DeleteKeyPair', { keyName: 'prod-deploy' }), type: 'AWS::EC2::KeyPair', id: 'prod-deploy' },
  { name: 'AssociateAddress', event: record(17, 'AssociateAddress', { allocationId: 'eipalloc-0prod17', instanceId: 'i-0prod17' }, { associationId: 'eipassoc-1' }), type: 'AWS::EC2::EIP', id: 'eipalloc-0prod17' },
];

const ACCESS = [{ resource: { tag: 'Environment=prod' }, actions: ['write'], principals: ['arn:aws:iam::*:role/Admin'] }];
const accessRule = findAnyRule('evt-access-policy')!;

describe('every EC2 write names its resource', () => {
  it.each(CASES)('$name-names-$type', ({ event, type, id }) => {
    expect(event.resources).toEqual(expect.arrayContaining([{ type, id }]));
  });
});

describe('the access policy places every EC2 write', () => {
  it.each(CASES.filter((c) => c.inventory))('$name-by-an-outsider-on-a-prod-resource-fails-naming-it', ({ event, type, id, inventory }) => {
    const findings = runRule(accessRule, eventSnapshot([event], inventory), {}, { access: ACCESS as never });
    const failed = findings.filter((f) => f.status === 'FAIL');
    expect(failed.map((f) => [f.resourceType, f.resourceId, f.tags])).toEqual([[type, id, PROD]]);
    expect(failed[0].message).toContain(`ec2:${event.name}`);
  });

  it.each(CASES)('$name-on-a-resource-missing-from-the-inventory-is-unknown-with-the-reason', ({ event }) => {
    const findings = runRule(accessRule, eventSnapshot([event]), {}, { access: ACCESS as never });
    expect(findings.map((f) => f.status)).toEqual(['UNKNOWN']);
    expect(findings[0].message).toMatch(/could not be checked against the tag Environment=prod/);
  });

  it('a-write-whose-record-names-no-resource-is-unknown-not-pass', () => {
    const findings = runRule(accessRule, eventSnapshot([record(30, 'ModifyInstanceMetadataDefaults', { HttpTokens: 'optional' })]), {}, { access: ACCESS as never });
    expect(findings.map((f) => f.status)).toEqual(['UNKNOWN']);
  });

  it('a-resource-in-the-inventory-without-the-tag-passes', () => {
    const other = { snapshots: [b.ebsSnapshot({ ...at, snapshotId: 'snap-0dev', tags: { Environment: 'dev' } })] };
    const findings = runRule(accessRule, eventSnapshot([record(31, 'DeleteSnapshot', { snapshotId: 'snap-0dev' })], other), {}, { access: ACCESS as never });
    expect(findings.map((f) => f.status)).toEqual(['PASS']);
  });
});

describe('the change rules name the resource and carry its inventory tags', () => {
  it.each([
    { rule: 'evt-nacl-change', c: CASES.find((x) => x.name === 'CreateNetworkAclEntry')! },
    { rule: 'evt-route-table-change', c: CASES.find((x) => x.name === 'CreateRoute')! },
    { rule: 'evt-vpc-change', c: CASES.find((x) => x.name === 'AcceptVpcPeeringConnection')! },
  ])('$rule-on-$c.name', ({ rule, c }) => {
    const findings = runRule(findAnyRule(rule)!, eventSnapshot([c.event], c.inventory));
    expect(findings.filter((f) => f.status === 'FAIL').map((f) => [f.resourceType, f.resourceId, f.tags])).toEqual([[c.type, c.id, PROD]]);
  });
});

describe('resource extraction of the wrapped newer APIs', () => {
  it('create-nat-gateway-names-the-subnet-and-the-gateway-made', () => {
    const r = extractResources({ source: 'ec2.amazonaws.com', requestParameters: { CreateNatGatewayRequest: { SubnetId: 'subnet-1', AllocationId: 'eipalloc-1' } }, responseElements: { CreateNatGatewayResponse: { natGateway: { natGatewayId: 'nat-1', subnetId: 'subnet-1' } } } });
    expect(r).toEqual(expect.arrayContaining([{ type: 'AWS::EC2::Subnet', id: 'subnet-1' }, { type: 'AWS::EC2::EIP', id: 'eipalloc-1' }, { type: 'AWS::EC2::NatGateway', id: 'nat-1' }]));
  });
});
