/**
 * `vmaudit template` on real third-party CloudFormation templates (../shared/oracles/cfn-templates,
 * read in place). Every expectation below comes from the reviewer_flags column of templates.tsv
 * (a reviewer's reading with default parameters, see the oracles README), quoted in each case; none
 * comes from vmaudit's output. Besides the flags, one sweep: nothing the template does not say is
 * reported as PASS (every PASS is about a resource the template defines, none about the account).
 */
import { existsSync, readFileSync } from 'node:fs';
import { FULL_CATALOGUE } from '../../lib/catalogue';
import type { Finding } from '../../lib/findings/finding';
import { resolvePolicy } from '../../lib/catalogue/load-policy';
import { checkTemplates, prepareTemplateCheck } from '../../lib/template/check';
import { templateLocation } from '../../lib/template/locate';
import { readTemplates } from '../../lib/template/read.edge';
import type { TemplateSource } from '../../lib/template/source';
import { sharedPath } from '../support/shared-folder';
import { devProdBaseline } from './estate';

const ROOT = sharedPath('oracles', 'cfn-templates');
const NOW = new Date('2026-12-01T00:00:00Z');
const policy = resolvePolicy(undefined, FULL_CATALOGUE, { now: NOW }).policy;

const rows = readFileSync(`${ROOT}/templates.tsv`, 'utf8').trim().split('\n').slice(1).map((l) => {
  const [file, format, what, kinds, flags] = l.split('\t');
  return { file: file!, format: format!, what: what!, kinds: kinds!, flags: flags! };
});

const sources = new Map<string, TemplateSource[]>();
async function load(file: string): Promise<TemplateSource[]> {
  if (!sources.has(file)) sources.set(file, await readTemplates(`${ROOT}/${file}`, ROOT));
  return sources.get(file)!;
}
async function run(file: string, parameters?: Record<string, string>): Promise<Finding[]> {
  return checkTemplates({ sources: await load(file), policy, now: NOW, parameters }).findings;
}
const status = (fs: Finding[], ruleId: string, resourceId: string) => fs.filter((f) => f.ruleId === ruleId && f.resourceId === resourceId).map((f) => f.status);
const statuses = (fs: Finding[], ruleId: string) => Object.fromEntries(fs.filter((f) => f.ruleId === ruleId).map((f) => [f.resourceId, f.status]));

const T = {
  nat: 'aws-cloudformation-templates/VPC/VPC_With_Managed_NAT_And_Private_Subnet.yaml',
  azs: 'aws-cloudformation-templates/VPC/FindInMapAZs.yaml',
  staticIps: 'aws-cloudformation-templates/VPC/VPC_EC2_Instance_With_Multiple_Static_IPAddresses.yaml',
  sgYaml: 'aws-cloudformation-templates/EC2/EC2InstanceWithSecurityGroupSample.yaml',
  sgJson: 'aws-cloudformation-templates/EC2/EC2InstanceWithSecurityGroupSample.json',
  eip: 'aws-cloudformation-templates/EC2/EIP_With_Association.yaml',
  requester: 'aws-cloudformation-templates/Solutions/VPCPeering/templates/VPCPeering-Requester-Setup.cfn.yaml',
  updates: 'aws-cloudformation-templates/Solutions/VPCPeering/templates/VPCPeering-Updates.cfn.yaml',
  ecsPublic: 'aws-cloudformation-templates/ECS/EC2LaunchType/clusters/public-vpc.yaml',
  ecsPrivate: 'aws-cloudformation-templates/ECS/EC2LaunchType/clusters/private-vpc.yaml',
  eks: 'aws-cloudformation-templates/EKS/template.yaml',
  asg: 'aws-cloudformation-templates/AutoScaling/AutoScalingMultiAZWithNotifications.yaml',
  elb: 'aws-cloudformation-templates/ElasticLoadBalancing/ELBWithLockedDownAutoScaledInstances.yaml',
  noIgw: 'aws-cloudformation-templates/Solutions/CloudFormationEndpointSignals/cfn-endpoint-creationpolicy-no-igw.yaml',
  vpcJson: 'awslabs-aws-cloudformation-templates/community/services/VPC/vpc_template.json',
};

describe('the oracle folder', () => {
  it('every-template-of-templates-tsv-is-here-and-has-a-case-below', () => {
    expect(rows.map((r) => r.file).sort()).toEqual(Object.values(T).sort());
    for (const r of rows) expect(existsSync(`${ROOT}/${r.file}`)).toBe(true);
  });
});

describe('reviewer flags (templates.tsv reviewer_flags, default parameters)', () => {
  it('nat-vpc-public-subnets-auto-assign-the-public-nacl-admits-all-and-no-flow-logs', async () => {
    // "Public subnets have MapPublicIpOnLaunch=true (EC2.15 fails). The public NACL has inbound rule 100 allow ALL
    //  … so ingress to 22/3389 from the world is allowed (EC2.21 / CIS 5.1 fail). … No flow logs … No instances."
    const fs = await run(T.nat);
    expect(statuses(fs, 'ec2-subnet-no-auto-public-ip')).toMatchObject({ PublicSubnet0: 'FAIL', PublicSubnet1: 'FAIL' });
    const nacl = fs.find((f) => f.ruleId === 'ec2-nacl-no-public-admin-ports' && f.resourceId === 'PublicNetworkAcl')!;
    expect(nacl.status).toBe('FAIL');
    expect(templateLocation(nacl)?.logicalId).toBe('InboundHTTPPublicNetworkAclEntry');
    expect(status(fs, 'ec2-vpc-flow-logs-enabled', 'VPC')).toEqual(['FAIL']);
    expect(fs.filter((f) => f.resourceType === 'AWS::EC2::Instance')).toEqual([]);
  });

  it('findinmap-azs-two-public-subnets-fail-two-private-pass-the-no-ingress-group-passes', async () => {
    // "Public subnets MapPublicIpOnLaunch=true, private ones explicitly false (EC2.15: two FAIL, two PASS).
    //  NoIngressSecurityGroup has no ingress rules … (a negative case for every ingress rule). … No flow logs."
    const fs = await run(T.azs);
    expect(statuses(fs, 'ec2-subnet-no-auto-public-ip')).toEqual({ PublicSubnet1: 'FAIL', PublicSubnet2: 'FAIL', PrivateSubnet1: 'PASS', PrivateSubnet2: 'PASS' });
    for (const id of ['ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp', 'ec2-sg-no-high-risk-ports', 'ec2-sg-authorized-ports']) expect(`${id} ${status(fs, id, 'NoIngressSecurityGroup')}`).toBe(`${id} PASS`);
    expect(status(fs, 'ec2-vpc-flow-logs-enabled', 'VPC')).toEqual(['FAIL']);
  });

  it('static-ips-ssh-from-the-world-public-eip-no-imdsv2-and-the-group-followed-through-the-eni', async () => {
    // "SSHSecurityGroup allows tcp/22 from param SSHLocation, default 0.0.0.0/0 (… FAIL). The EIP gives the instance a
    //  public IPv4 (EC2.9 FAIL). No MetadataOptions (EC2.8 FAIL). … follow NetworkInterfaces[].NetworkInterfaceId -> GroupSet."
    const fs = await run(T.staticIps);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'SSHSecurityGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-instance-no-public-ip', 'EC2Instance')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-imdsv2-required', 'EC2Instance')).toEqual(['FAIL']);
    const prepared = prepareTemplateCheck({ sources: await load(T.staticIps), policy, now: NOW });
    expect(prepared.snapshot.instances.find((i) => i.instanceId === 'EC2Instance')?.securityGroupIds).toEqual(['SSHSecurityGroup']);
    expect(prepared.snapshot.instances.find((i) => i.instanceId === 'EC2Instance')?.privateIpAddress).toBeUndefined();
  });

  it.each([[T.sgYaml], [T.sgJson]])('%s: a-slash-zero-that-looks-private-is-the-world', async (file) => {
    // "SSHLocation default is "192.168.1.0/0" … tcp/22 is therefore open to the world with default params (… FAIL).
    //  … No MetadataOptions (IMDSv2 not required)."
    const fs = await run(file);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'InstanceSecurityGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-imdsv2-required', 'EC2Instance')).toEqual(['FAIL']);
  });

  it('the-json-twin-gives-the-same-findings-as-the-yaml', async () => {
    // "The same findings as the YAML twin must result … (Tests JSON/YAML parity)."
    const key = (fs: Finding[]) => fs.map((f) => `${f.ruleId} ${f.resourceId} ${f.status} ${templateLocation(f)?.path ?? ''}`).sort();
    expect(key(await run(T.sgJson))).toEqual(key(await run(T.sgYaml)));
  });

  it('eip-with-association-ssh-world-public-ip-no-imdsv2', async () => {
    // "tcp/22 from SSHLocation default 0.0.0.0/0 (EC2.53 / CIS 5.2 FAIL) and a public EIP (EC2.9 FAIL). … No MetadataOptions."
    const fs = await run(T.eip);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'InstanceSecurityGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-instance-no-public-ip', 'EC2Instance')).toEqual(['FAIL']);
    expect(templateLocation(fs.find((f) => f.ruleId === 'ec2-instance-no-public-ip')!)?.logicalId).toBe('IPAssoc');
    expect(status(fs, 'ec2-imdsv2-required', 'EC2Instance')).toEqual(['FAIL']);
    // "If Subnets[0] routes 0.0.0.0/0 to an IGW, SSH is internet-exposed end to end": the subnet is a parameter, so unknown.
    expect(status(fs, 'net-internet-exposure', 'EC2Instance')).toEqual(['UNKNOWN']);
  });

  it('peering-requester-alone-adds-no-reachability', async () => {
    // "On its own it adds no routes, so there is no reachability until routes exist."
    const fs = await run(T.requester);
    expect(fs.filter((f) => f.ruleId.startsWith('net-') && (f.status === 'FAIL' || f.status === 'PASS'))).toEqual([]);
    const prepared = prepareTemplateCheck({ sources: await load(T.requester), policy, now: NOW });
    expect(prepared.snapshot.peeringConnections).toHaveLength(1);
  });

  it('peering-updates-list-parameters-without-values-are-unknown-never-pass', async () => {
    // "Resources use Fn::Select over Fn::Split of list parameters, so an evaluator must resolve list parameters or report UNKNOWN."
    const fs = await run(T.updates);
    const sg = fs.filter((f) => f.ruleId.startsWith('ec2-sg-'));
    expect(sg.length).toBeGreaterThan(0);
    expect(sg.filter((f) => f.status === 'PASS')).toEqual([]);
  });

  it('peering-updates-with-its-parameters-in-a-real-network-is-all-traffic-from-the-peer', async () => {
    // "Every ingress rule is IpProtocol "-1" (all protocols and ports, incl. 22/3389) from PeerVPCCIDR …
    //  An isolation rule should flag all-traffic east-west access from the peer VPC."
    const r = checkTemplates({
      sources: await load(T.updates),
      policy,
      now: NOW,
      baseline: devProdBaseline(),
      parameters: { NumberOfRouteTables: '1', NumberOfSecurityGroups: '1', PeerName: 'dev', PeerVPCCIDR: '10.1.0.0/16', RouteTableIds: 'rtb-prod', SecurityGroupIds: 'sg-0prod0db', VPCPeeringConnectionId: 'pcx-devprod' },
    });
    const added = r.changes!.adds.filter((f) => f.ruleId === 'net-zone-isolation' && f.status === 'FAIL');
    expect(added.map((f) => f.resourceId)).toEqual(['dev -> prod']);
    expect(added[0]!.message).toMatch(/tcp\/22/);
    expect(templateLocation(added[0]!)?.logicalId).toBe('PeerIngressRule1');
  });

  it.each([[T.ecsPublic], [T.ecsPrivate]])('%s: the public alb group admits everything from the world', async (file) => {
    // "PublicLoadBalancerSG allows IpProtocol -1 (ALL ports) from 0.0.0.0/0 (EC2.18 / EC2.19 / CIS 5.2-5.3 FAIL …)."
    // "The LaunchTemplate has no MetadataOptions (IMDSv2 not required)." "The public subnets auto-assign public IPs (EC2.15)."
    const fs = await run(file);
    for (const id of ['ec2-sg-authorized-ports', 'ec2-sg-no-high-risk-ports', 'ec2-sg-no-public-ssh', 'ec2-sg-no-public-rdp']) expect(`${id} ${status(fs, id, 'PublicLoadBalancerSG')}`).toBe(`${id} FAIL`);
    expect(status(fs, 'ec2-launch-template-imdsv2', 'ContainerInstances')).toEqual(['FAIL']);
    expect(statuses(fs, 'ec2-subnet-no-auto-public-ip')).toMatchObject({ PublicSubnetOne: 'FAIL', PublicSubnetTwo: 'FAIL' });
    // "EcsHostSecurityGroup admits only the ALB SG and itself … no direct internet path to the hosts."
    expect(status(fs, 'net-internet-exposure', 'ECSAutoScalingGroup')).toEqual(['PASS']);
  });

  it('ecs-public-hosts-get-public-ips-ecs-private-hosts-do-not', async () => {
    // public-vpc: "Hosts get public IPs (… EC2.9 FAIL)"; private-vpc: "Hosts have no public IP (private subnets)."
    expect(status(await run(T.ecsPublic), 'ec2-instance-no-public-ip', 'ECSAutoScalingGroup')).toEqual(['FAIL']);
    expect(status(await run(T.ecsPrivate), 'ec2-instance-no-public-ip', 'ECSAutoScalingGroup')).toEqual(['PASS']);
    // "PrivateLoadBalancerSG admits only the host SG."
    expect(status(await run(T.ecsPrivate), 'ec2-sg-no-public-ssh', 'PrivateLoadBalancerSG')).toEqual(['PASS']);
  });

  it('eks-launch-template-allows-imdsv1-with-hop-limit-2-and-an-unflagged-root-volume', async () => {
    // "LaunchTemplate MetadataOptions HttpTokens: optional (… EC2.8 / CIS 5.6 FAIL), with HttpPutResponseHopLimit 2 …
    //  The root volume … with no Encrypted flag (depends on EBS encryption by default, EC2.7) … Public subnets do not set
    //  MapPublicIpOnLaunch (default false: EC2.15 PASS …). No flow logs."
    const fs = await run(T.eks);
    expect(status(fs, 'ec2-launch-template-imdsv2', 'LaunchTemplate')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-imdsv2-required', 'ManagedNodeGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-launch-template-hop-limit', 'LaunchTemplate')).toEqual(['FAIL']);
    expect(templateLocation(fs.find((f) => f.ruleId === 'ec2-launch-template-hop-limit')!)?.path).toBe('Resources.LaunchTemplate.Properties.LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit');
    expect(fs.filter((f) => f.ruleId === 'ec2-volume-encrypted').map((f) => f.status)).toEqual(['UNKNOWN']);
    expect(statuses(fs, 'ec2-subnet-no-auto-public-ip')).toMatchObject({ PublicSubnet1: 'PASS', PublicSubnet2: 'PASS', PublicSubnet3: 'PASS' });
    expect(status(fs, 'ec2-vpc-flow-logs-enabled', 'VPC')).toEqual(['FAIL']);
  });

  it('autoscaling-443-only-alb-passes-private-ssh-passes-and-the-instance-groups-are-unknown', async () => {
    // "The ALB SG allows only tcp/443 from 0.0.0.0/0 (an authorised port: PASS for ec2-sg-authorized-ports …).
    //  InstanceSecurityGroup (tcp/22 from … 192.168.1.0/24 …) is created but NOT referenced … the effective instance SGs
    //  are unknown before deployment. SSH default is not public. The root EBS volume has no Encrypted flag. No MetadataOptions."
    const fs = await run(T.asg);
    expect(status(fs, 'ec2-sg-authorized-ports', 'LoadBalancerSecurityGroup')).toEqual(['PASS']);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'InstanceSecurityGroup')).toEqual(['PASS']);
    expect(status(fs, 'net-internet-exposure', 'WebServerGroup')).toEqual(['UNKNOWN']);
    expect(fs.filter((f) => f.ruleId === 'ec2-volume-encrypted').map((f) => f.status)).toEqual(['UNKNOWN']);
    expect(status(fs, 'ec2-launch-template-imdsv2', 'LaunchTemplate')).toEqual(['FAIL']);
  });

  it('locked-down-elb-is-not-locked-down-ssh-from-the-world', async () => {
    // "InstanceSecurityGroup allows tcp/22 from SSHLocation default 0.0.0.0/0 (… FAIL). tcp/80 is allowed only from the
    //  ELB source SG … by name … a legacy LaunchConfiguration with no metadata options (IMDSv2 not required)."
    const fs = await run(T.elb);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'InstanceSecurityGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-imdsv2-required', 'WebServerGroup')).toEqual(['FAIL']);
    // The by-name reference is never the internet: RDP stays decided.
    expect(status(fs, 'ec2-sg-no-public-rdp', 'InstanceSecurityGroup')).toEqual(['PASS']);
  });

  it('no-igw-world-open-443-is-not-internet-exposure', async () => {
    // "EndpointSG allows tcp/443 from 0.0.0.0/0, but the VPC has no internet gateway … the isolation/internet-exposure
    //  analysis must report NOT exposed. PrivateSG allows tcp/22 only from the VPC CIDR (not public). MapPublicIpOnLaunch
    //  false on both subnets. No MetadataOptions (IMDSv2 not required)."
    const fs = await run(T.noIgw);
    expect(status(fs, 'net-internet-exposure', 'PrivateInstance')).toEqual(['PASS']);
    expect(status(fs, 'ec2-sg-no-public-ssh', 'PrivateSG')).toEqual(['PASS']);
    expect(statuses(fs, 'ec2-subnet-no-auto-public-ip')).toEqual({ PrivateSubnet1: 'PASS', PrivateSubnet2: 'PASS' });
    expect(status(fs, 'ec2-imdsv2-required', 'PrivateInstance')).toEqual(['FAIL']);
  });

  it('awslabs-vpc-ssh-and-http-reachable-443-and-icmp-blocked-by-the-nacl', async () => {
    // "from the Internet tcp/22 and tcp/80 are reachable, but tcp/443 and ICMP are blocked by the NACL although the SG allows
    //  them. NACL ingress to 22 from 0.0.0.0/0 (EC2.21 / CIS 5.1 FAIL). SG SSH world-open (CIS 5.2 FAIL). Public IP (EC2.9 FAIL).
    //  No MetadataOptions. Subnet MapPublicIpOnLaunch unset (false)."
    const fs = await run(T.vpcJson);
    const exposed = fs.filter((f) => f.ruleId === 'net-internet-exposure' && f.status === 'FAIL').map((f) => f.message);
    expect(exposed.some((m) => /on tcp\/22 /.test(m))).toBe(true);
    expect(exposed.some((m) => /on tcp\/80 /.test(m))).toBe(true);
    expect(exposed.some((m) => /tcp\/443|icmp/i.test(m.split(' [')[0]!))).toBe(false);
    expect(status(fs, 'ec2-nacl-no-public-admin-ports', 'NetworkAcl')).toEqual(['FAIL']);
    expect(templateLocation(fs.find((f) => f.ruleId === 'ec2-nacl-no-public-admin-ports' && f.resourceId === 'NetworkAcl')!)?.logicalId).toBe('InboundSSHNetworkAclEntry');
    expect(status(fs, 'ec2-sg-no-public-ssh', 'InstanceSecurityGroup')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-instance-no-public-ip', 'WebServerInstance')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-imdsv2-required', 'WebServerInstance')).toEqual(['FAIL']);
    expect(status(fs, 'ec2-subnet-no-auto-public-ip', 'Subnet')).toEqual(['PASS']);
  });
});

describe('nothing the template does not say is reported as PASS', () => {
  it.each(rows.map((r) => [r.file]))('%s', async (file) => {
    const prepared = prepareTemplateCheck({ sources: await load(file), policy, now: NOW });
    const defined = new Set([...prepared.snapshot.instances.map((x) => x.instanceId), ...prepared.snapshot.securityGroups.map((x) => x.groupId), ...prepared.snapshot.subnets.map((x) => x.subnetId), ...prepared.snapshot.vpcs.map((x) => x.vpcId), ...prepared.snapshot.networkAcls.map((x) => x.networkAclId), ...prepared.snapshot.volumes.map((x) => x.volumeId), ...prepared.snapshot.launchTemplateVersions.map((x) => x.launchTemplateId), ...prepared.snapshot.trails.map((x) => x.name)]);
    const fs = await run(file);
    const passes = fs.filter((f) => f.status === 'PASS');
    // Zone pairs are judged over the template's instances; everything else names a resource of the template.
    expect(passes.filter((f) => f.ruleId !== 'net-zone-isolation' && !defined.has(f.resourceId)).map((f) => `${f.ruleId} ${f.resourceId}`)).toEqual([]);
    expect(passes.filter((f) => f.resourceType === 'AWS::::Account')).toEqual([]);
    // Every open finding points into the template.
    expect(fs.filter((f) => (f.status === 'FAIL' || f.status === 'UNKNOWN') && f.resourceType !== 'AWS::::Account' && !templateLocation(f)).map((f) => `${f.ruleId} ${f.resourceId}`)).toEqual([]);
  });
});
