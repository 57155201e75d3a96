/**
 * The deployed estate the baseline cases judge a change in: a dev VPC and a prod VPC, peered with
 * routes both ways, a dev app host and a prod database whose group admits only its own VPC. Built
 * with the model builders, so the expectations come from this page, not from a scan.
 */
import { instance, networkInterface, peeringConnection, routeTable, securityGroup, sgRule, snapshot, subnet, vpc, networkAcl, naclEntry, flowLog } from '../../lib/model/builders';
import type { Snapshot } from '../../lib/model/types';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';

export function devProdBaseline(): Snapshot {
  return snapshot({
    vpcs: [vpc({ vpcId: 'vpc-dev', cidrBlocks: ['10.1.0.0/16'] }), vpc({ vpcId: 'vpc-prod', cidrBlocks: ['10.2.0.0/16'] })],
    subnets: [subnet({ subnetId: 'subnet-dev', vpcId: 'vpc-dev', cidrBlock: '10.1.1.0/24' }), subnet({ subnetId: 'subnet-prod', vpcId: 'vpc-prod', cidrBlock: '10.2.1.0/24' })],
    routeTables: [
      routeTable({ routeTableId: 'rtb-dev', vpcId: 'vpc-dev', routes: [{ destination: '10.1.0.0/16', target: { kind: 'local', id: 'local' } }, { destination: '10.2.0.0/16', target: { kind: 'peering', id: 'pcx-devprod' } }] }),
      routeTable({ routeTableId: 'rtb-prod', vpcId: 'vpc-prod', routes: [{ destination: '10.2.0.0/16', target: { kind: 'local', id: 'local' } }, { destination: '10.1.0.0/16', target: { kind: 'peering', id: 'pcx-devprod' } }] }),
    ],
    networkAcls: [
      networkAcl({ networkAclId: 'acl-dev', vpcId: 'vpc-dev', isDefault: true, associatedSubnetIds: ['subnet-dev'], entries: [naclEntry({ cidr: '10.0.0.0/8' }), naclEntry({ egress: true })] }),
      networkAcl({ networkAclId: 'acl-prod', vpcId: 'vpc-prod', isDefault: true, associatedSubnetIds: ['subnet-prod'], entries: [naclEntry({ cidr: '10.0.0.0/8' }), naclEntry({ egress: true })] }),
    ],
    peeringConnections: [peeringConnection({ peeringConnectionId: 'pcx-devprod', requester: { accountId: ACCOUNT, region: REGION, vpcId: 'vpc-dev', cidrBlocks: ['10.1.0.0/16'] }, accepter: { accountId: ACCOUNT, region: REGION, vpcId: 'vpc-prod', cidrBlocks: ['10.2.0.0/16'] } })],
    securityGroups: [
      securityGroup({ groupId: 'sg-0dev0app', groupName: 'dev-app', vpcId: 'vpc-dev', ingress: [], egress: [sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } })] }),
      securityGroup({ groupId: 'sg-0prod0db', groupName: 'prod-db', vpcId: 'vpc-prod', ingress: [sgRule({ fromPort: 5432, toPort: 5432, peer: { kind: 'cidr4', cidr: '10.2.0.0/16' } })], egress: [sgRule({ protocol: '-1', fromPort: null, toPort: null, peer: { kind: 'cidr4', cidr: '0.0.0.0/0' } })] }),
    ],
    instances: [
      instance({ instanceId: 'i-0dev0app', vpcId: 'vpc-dev', subnetId: 'subnet-dev', privateIpAddress: '10.1.1.10', securityGroupIds: ['sg-0dev0app'], networkInterfaceIds: ['eni-dev'], tags: { Environment: 'dev' } }),
      instance({ instanceId: 'i-0prod0db', vpcId: 'vpc-prod', subnetId: 'subnet-prod', privateIpAddress: '10.2.1.10', securityGroupIds: ['sg-0prod0db'], networkInterfaceIds: ['eni-prod'], tags: { Environment: 'prod' } }),
    ],
    networkInterfaces: [
      networkInterface({ networkInterfaceId: 'eni-dev', instanceId: 'i-0dev0app', subnetId: 'subnet-dev', vpcId: 'vpc-dev', privateIpAddresses: ['10.1.1.10'], securityGroupIds: ['sg-0dev0app'] }),
      networkInterface({ networkInterfaceId: 'eni-prod', instanceId: 'i-0prod0db', subnetId: 'subnet-prod', vpcId: 'vpc-prod', privateIpAddresses: ['10.2.1.10'], securityGroupIds: ['sg-0prod0db'] }),
    ],
    flowLogs: [flowLog({ flowLogId: 'fl-dev', resourceId: 'vpc-dev' }), flowLog({ flowLogId: 'fl-prod', resourceId: 'vpc-prod' })],
  });
}
