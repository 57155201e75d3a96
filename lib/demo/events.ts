/**
 * A day of CloudTrail management events for the demo, already normalised to `AuditEvent`s.
 *
 * Everyday noise (Describe*, List*, Get*, KMS Decrypt by instance roles, AWS Config and the
 * auditor's own reads) surrounds one example of every detection: sign-ins with and without MFA, a
 * password-guessing burst, root usage, IAM policy, CloudTrail, KMS, S3 bucket policy, AWS Config,
 * security group, NACL, gateway, route table and VPC changes (CIS 4.1–4.14), an AccessDenied burst
 * by a CI role, prod-instance credentials used from outside AWS, and writes to prod instances by
 * principals the access policy does not allow. Attacker-controlled fields (user agent, tag values,
 * user names) carry hostile strings. Times come from the fixed demo instant, never the clock.
 */
import * as b from '../model/builders';
import type { AuditEvent, Principal } from '../model/types';
import { demoInstance } from './compute';
import { DEMO_NOW, EU, HOSTILE_FORMULA, HOSTILE_HTML, TOOLS, US, WORKLOADS } from './constants';
import { uuidFrom } from './ids';
import { igwId, naclId, natId, pcxId, rtbId, vpcId } from './network';
import { mulberry32 } from './prng';
import { sgId } from './security-groups';

type Resource = AuditEvent['resources'][number];

const user = (account: string, name: string, mfa?: boolean): Principal => ({
  type: 'IAMUser', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account, userName: name, ...(mfa === undefined ? {} : { mfaUsed: mfa }),
});
const role = (account: string, name: string, session: string, mfa?: boolean): Principal => ({
  type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`, accountId: account, userName: name,
  sessionIssuerArn: `arn:aws:iam::${account}:role/${name}`, ...(mfa === undefined ? {} : { mfaUsed: mfa }),
});
const service = (name: string): Principal => ({ type: 'AWSService', invokedBy: name });

export const PRINCIPALS = {
  alice: user(WORKLOADS, 'alice'),
  admin: user(WORKLOADS, 'admin'),
  bob: user(WORKLOADS, 'bob'),
  carol: role(WORKLOADS, 'Admin', 'carol@example.com'),
  terraform: role(WORKLOADS, 'terraform-deploy', 'gh-actions-4412'),
  datadog: role(WORKLOADS, 'DatadogIntegrationRole', 'datadog-aws-integration'),
  auditor: role(WORKLOADS, 'vmaudit-read', 'vmaudit-scan'),
  devCi: role(WORKLOADS, 'dev-ci', 'gh-runner-8812'),
  prodApp: role(WORKLOADS, 'prod-app-role', demoInstance('prod-app-01').instanceId),
  prodWeb: role(WORKLOADS, 'prod-web-role', demoInstance('prod-web-01').instanceId),
  root: { type: 'Root', arn: `arn:aws:iam::${WORKLOADS}:root`, accountId: WORKLOADS } as Principal,
  config: service('config.amazonaws.com'),
  autoscaling: role(WORKLOADS, 'AWSServiceRoleForAutoScaling', 'AutoScaling'),
  toolsAdmin: user(TOOLS, 'tools-admin'),
  ciRunner: role(TOOLS, 'ci-runner', 'runner-17'),
  toolsAuditor: role(TOOLS, 'vmaudit-read', 'vmaudit-scan'),
} satisfies Record<string, Principal>;

const IPS = { corp: '203.0.113.24', home: '198.51.100.23', tor: '185.220.101.34', aws: 'AWS Internal', gh: '140.82.112.4', datadog: '3.233.146.0' };
const UA = {
  console: 'AWS Internal',
  browser: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  terraform: 'APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.80.0',
  sdk: 'aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.18.0 api/ec2#3.700.0',
  cli: 'aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.6',
  datadog: 'datadog-agent/7.59 Boto3/1.35.3',
  config: 'config.amazonaws.com',
  python: 'Boto3/1.35.3 md/Botocore#1.35.3 ua/2.0 os/linux#5.10 lang/python#3.11.9',
};

interface EventIn {
  /** Hours before the snapshot (fractions allowed). */
  hoursAgo: number;
  accountId?: string;
  region?: string;
  source: string;
  name: string;
  principal: Principal;
  readOnly?: boolean;
  sourceIp?: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  resources?: Resource[];
  requestParameters?: Record<string, unknown>;
  consoleLogin?: 'Success' | 'Failure';
  eventType?: string;
}

let counter = 0;

function ev(e: EventIn): AuditEvent {
  const time = new Date(DEMO_NOW.getTime() - Math.round(e.hoursAgo * 3_600_000)).toISOString();
  const accountId = e.accountId ?? e.principal.accountId ?? WORKLOADS;
  const region = e.region ?? US;
  counter++;
  return b.auditEvent({
    eventId: uuidFrom(`demo-event-${counter}-${e.name}-${time}`),
    time,
    accountId,
    region,
    source: e.source,
    name: e.name,
    readOnly: e.readOnly ?? /^(Describe|List|Get|Head|Lookup|Decrypt)/.test(e.name),
    principal: e.principal,
    eventType: e.eventType ?? (e.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall'),
    ...(e.sourceIp ? { sourceIp: e.sourceIp } : {}),
    ...(e.userAgent ? { userAgent: e.userAgent } : {}),
    ...(e.errorCode ? { errorCode: e.errorCode } : {}),
    ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
    resources: e.resources ?? [],
    ...(e.requestParameters ? { requestParameters: e.requestParameters } : {}),
    ...(e.consoleLogin ? { consoleLogin: e.consoleLogin } : {}),
    origin: 'lookup',
  });
}

const EC2 = 'ec2.amazonaws.com';
const IAM = 'iam.amazonaws.com';
const inst = (name: string): Resource => ({ type: 'AWS::EC2::Instance', id: demoInstance(name).instanceId });
const sgRes = (key: string): Resource => ({ type: 'AWS::EC2::SecurityGroup', id: sgId(key) });

function login(hoursAgo: number, principal: Principal, ok: boolean, mfa: boolean | undefined, sourceIp: string, userAgent = UA.browser, accountId?: string): AuditEvent {
  return ev({
    hoursAgo, accountId, region: US, source: 'signin.amazonaws.com', name: 'ConsoleLogin',
    principal: mfa === undefined ? principal : { ...principal, mfaUsed: mfa },
    sourceIp, userAgent, consoleLogin: ok ? 'Success' : 'Failure', readOnly: false,
    ...(ok ? {} : { errorMessage: 'Failed authentication' }),
  });
}

function signIns(): AuditEvent[] {
  const out = [
    login(22, PRINCIPALS.alice, true, true, IPS.corp),
    login(22.02, PRINCIPALS.alice, false, undefined, IPS.corp),
    login(8, PRINCIPALS.alice, true, true, IPS.corp),
    login(1, PRINCIPALS.alice, true, true, IPS.corp),
    login(5, PRINCIPALS.admin, true, true, IPS.corp),
    login(6, PRINCIPALS.carol, true, true, IPS.corp),
    // bob signs in with a password only, from home.
    login(16, PRINCIPALS.bob, true, false, IPS.home),
    login(2, PRINCIPALS.bob, true, false, IPS.home),
    // Password guessing against "admin" from a Tor exit node: 7 failures in 6 minutes.
    ...[0, 0.8, 1.5, 2.4, 3.1, 4.6, 5.9].map((m, i) => login(9 - m / 60, PRINCIPALS.admin, false, undefined, IPS.tor, i === 3 ? HOSTILE_HTML : 'python-requests/2.32.3')),
    // A user that does not exist: CloudTrail hides the name; the user agent is the attacker's to choose.
    login(8.9, { type: 'IAMUser', accountId: WORKLOADS, userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, false, undefined, IPS.tor, HOSTILE_FORMULA),
    // Root signs in (with MFA) and creates an access key.
    login(7, PRINCIPALS.root, true, true, IPS.home),
    // The tools account admin signs in without MFA, then stops the trail (below).
    login(5.2, PRINCIPALS.toolsAdmin, true, false, IPS.home, UA.browser, TOOLS),
  ];
  return out;
}

function rootUsage(): AuditEvent[] {
  return [
    ev({ hoursAgo: 6.95, source: IAM, name: 'ListUsers', principal: PRINCIPALS.root, sourceIp: IPS.home, userAgent: UA.console }),
    ev({ hoursAgo: 6.9, source: IAM, name: 'CreateAccessKey', principal: PRINCIPALS.root, sourceIp: IPS.home, userAgent: UA.console, requestParameters: {} }),
    ev({ hoursAgo: 6.85, source: 'account.amazonaws.com', name: 'GetContactInformation', principal: PRINCIPALS.root, sourceIp: IPS.home, userAgent: UA.console }),
  ];
}

function iamChanges(): AuditEvent[] {
  const tf = { principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform };
  const pol = `arn:aws:iam::${WORKLOADS}:policy/prod-app-secrets`;
  return [
    ev({ hoursAgo: 14, source: IAM, name: 'PutRolePolicy', ...tf, requestParameters: { roleName: 'prod-app-role', policyName: 'inline-s3-exports' }, resources: [{ type: 'AWS::IAM::Role', id: 'prod-app-role' }] }),
    ev({ hoursAgo: 14, source: IAM, name: 'CreatePolicyVersion', ...tf, requestParameters: { policyArn: pol, setAsDefault: true }, resources: [{ type: 'AWS::IAM::ManagedPolicy', id: pol }] }),
    ev({ hoursAgo: 13.99, source: IAM, name: 'SetDefaultPolicyVersion', ...tf, requestParameters: { policyArn: pol, versionId: 'v7' }, resources: [{ type: 'AWS::IAM::ManagedPolicy', id: pol }] }),
    // bob makes himself administrator.
    ev({
      hoursAgo: 1.95, source: IAM, name: 'AttachUserPolicy', principal: PRINCIPALS.bob, sourceIp: IPS.home, userAgent: UA.console,
      requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, resources: [{ type: 'AWS::IAM::User', id: 'bob' }],
    }),
  ];
}

function trailChanges(): AuditEvent[] {
  const euTrail = `arn:aws:cloudtrail:${EU}:${WORKLOADS}:trail/eu-s3-data-events`;
  return [
    ev({
      hoursAgo: 5, accountId: TOOLS, source: 'cloudtrail.amazonaws.com', name: 'StopLogging', principal: PRINCIPALS.toolsAdmin, sourceIp: IPS.home, userAgent: UA.console,
      requestParameters: { name: `arn:aws:cloudtrail:${US}:${TOOLS}:trail/tools-trail` }, resources: [{ type: 'AWS::CloudTrail::Trail', id: `arn:aws:cloudtrail:${US}:${TOOLS}:trail/tools-trail` }],
    }),
    ev({ hoursAgo: 11, region: EU, source: 'cloudtrail.amazonaws.com', name: 'UpdateTrail', principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform, requestParameters: { name: 'eu-s3-data-events', enableLogFileValidation: false }, resources: [{ type: 'AWS::CloudTrail::Trail', id: euTrail }] }),
    ev({ hoursAgo: 11, region: EU, source: 'cloudtrail.amazonaws.com', name: 'PutEventSelectors', principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform, requestParameters: { trailName: 'eu-s3-data-events' }, resources: [{ type: 'AWS::CloudTrail::Trail', id: euTrail }] }),
  ];
}

function kmsS3ConfigChanges(): AuditEvent[] {
  const key = (id: string): Resource => ({ type: 'AWS::KMS::Key', id: `arn:aws:kms:${US}:${WORKLOADS}:key/${id}` });
  const k1 = uuidFrom('kms-exports');
  const k2 = uuidFrom('kms-old-reporting');
  const bucket = (name: string): Resource => ({ type: 'AWS::S3::Bucket', id: `arn:aws:s3:::${name}` });
  const bob = { principal: PRINCIPALS.bob, sourceIp: IPS.home, userAgent: UA.console };
  const tf = { principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform };
  const publicPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-prod-exports/*' }] });
  return [
    ev({ hoursAgo: 1.9, source: 'kms.amazonaws.com', name: 'DisableKey', ...bob, requestParameters: { keyId: k1 }, resources: [key(k1)] }),
    ev({ hoursAgo: 13, source: 'kms.amazonaws.com', name: 'ScheduleKeyDeletion', ...tf, requestParameters: { keyId: k2, pendingWindowInDays: 30 }, resources: [key(k2)] }),
    ev({ hoursAgo: 1.8, source: 's3.amazonaws.com', name: 'PutBucketPolicy', ...bob, requestParameters: { bucketName: 'acme-prod-exports', bucketPolicy: publicPolicy }, resources: [bucket('acme-prod-exports')] }),
    ev({ hoursAgo: 1.79, source: 's3.amazonaws.com', name: 'PutBucketAcl', ...bob, requestParameters: { bucketName: 'acme-prod-exports', 'x-amz-acl': 'public-read' }, resources: [bucket('acme-prod-exports')] }),
    ev({ hoursAgo: 13.2, source: 's3.amazonaws.com', name: 'DeleteBucketPolicy', ...tf, requestParameters: { bucketName: 'acme-staging-assets' }, resources: [bucket('acme-staging-assets')] }),
    ev({ hoursAgo: 1.7, source: 'config.amazonaws.com', name: 'StopConfigurationRecorder', ...bob, requestParameters: { configurationRecorderName: 'default' }, resources: [{ type: 'AWS::Config::ConfigurationRecorder', id: 'default' }] }),
    ev({ hoursAgo: 13.5, source: 'config.amazonaws.com', name: 'PutConfigurationRecorder', ...tf, requestParameters: { configurationRecorder: { name: 'default', roleARN: `arn:aws:iam::${WORKLOADS}:role/aws-config` } }, resources: [{ type: 'AWS::Config::ConfigurationRecorder', id: 'default' }] }),
  ];
}

const ipPermission = (protocol: string, port: number, cidr: string) => ({
  items: [{ ipProtocol: protocol, fromPort: port, toPort: port, ipRanges: { items: [{ cidrIp: cidr }] }, ipv6Ranges: {}, prefixListIds: {}, groups: {} }],
});

function networkChanges(): AuditEvent[] {
  const bob = { principal: PRINCIPALS.bob, sourceIp: IPS.home, userAgent: UA.cli };
  const tf = { principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform };
  const acl = (key: string): Resource => ({ type: 'AWS::EC2::NetworkAcl', id: naclId(key) });
  const rtb = (key: string): Resource => ({ type: 'AWS::EC2::RouteTable', id: rtbId(key) });
  return [
    // 4.10 security groups
    ev({ hoursAgo: 3, source: EC2, name: 'AuthorizeSecurityGroupIngress', ...bob, requestParameters: { groupId: sgId('dev-ssh-open'), ipPermissions: ipPermission('tcp', 22, '0.0.0.0/0') }, resources: [sgRes('dev-ssh-open')] }),
    ev({ hoursAgo: 18, source: EC2, name: 'AuthorizeSecurityGroupIngress', ...tf, requestParameters: { groupId: sgId('prod-app'), ipPermissions: ipPermission('tcp', 8080, '10.20.0.0/24') }, resources: [sgRes('prod-app')] }),
    ev({ hoursAgo: 18, source: EC2, name: 'RevokeSecurityGroupIngress', ...tf, requestParameters: { groupId: sgId('prod-web'), ipPermissions: ipPermission('tcp', 80, '0.0.0.0/0') }, resources: [sgRes('prod-web')] }),
    ev({ hoursAgo: 17.9, source: EC2, name: 'ModifySecurityGroupRules', ...tf, requestParameters: { ModifySecurityGroupRulesRequest: { GroupId: sgId('prod-db') } }, resources: [sgRes('prod-db')] }),
    // 4.11 NACLs: bob "fixes" SSH to his dev box by adding an allow-all in front of the deny.
    ev({ hoursAgo: 3.05, source: EC2, name: 'CreateNetworkAclEntry', ...bob, requestParameters: { networkAclId: naclId('dev-public'), ruleNumber: 100, egress: false, ruleAction: 'allow', protocol: '6', cidrBlock: '0.0.0.0/0', portRange: { from: 0, to: 65535 } }, resources: [acl('dev-public')] }),
    ev({ hoursAgo: 3.06, source: EC2, name: 'DeleteNetworkAclEntry', ...bob, requestParameters: { networkAclId: naclId('dev-public'), ruleNumber: 90, egress: false }, resources: [acl('dev-public')] }),
    ev({ hoursAgo: 18.1, source: EC2, name: 'ReplaceNetworkAclEntry', ...tf, requestParameters: { networkAclId: naclId('prod-private'), ruleNumber: 95, egress: false, ruleAction: 'deny', protocol: '-1', cidrBlock: '10.20.11.0/24' }, resources: [acl('prod-private')] }),
    // 4.12 gateways, 4.13 routes (eu-west-1: the data team gives its notebooks internet access)
    ev({ hoursAgo: 6, region: EU, source: EC2, name: 'CreateInternetGateway', ...tf, resources: [{ type: 'AWS::EC2::InternetGateway', id: igwId('eu-dev') }] }),
    ev({ hoursAgo: 5.99, region: EU, source: EC2, name: 'AttachInternetGateway', ...tf, requestParameters: { internetGatewayId: igwId('eu-dev'), vpcId: vpcId('eu-dev') }, resources: [{ type: 'AWS::EC2::InternetGateway', id: igwId('eu-dev') }, { type: 'AWS::EC2::VPC', id: vpcId('eu-dev') }] }),
    ev({ hoursAgo: 5.98, region: EU, source: EC2, name: 'CreateRoute', ...tf, requestParameters: { routeTableId: rtbId('eu-dev-main'), destinationCidrBlock: '0.0.0.0/0', gatewayId: igwId('eu-dev') }, resources: [rtb('eu-dev-main')] }),
    ev({ hoursAgo: 18.2, source: EC2, name: 'ReplaceRoute', ...tf, requestParameters: { routeTableId: rtbId('prod-private'), destinationCidrBlock: '0.0.0.0/0', natGatewayId: natId('prod') }, resources: [rtb('prod-private')] }),
    ev({ hoursAgo: 2.9, source: EC2, name: 'CreateRoute', ...bob, requestParameters: { routeTableId: rtbId('nonprod-private'), destinationCidrBlock: '10.10.0.0/16', vpcPeeringConnectionId: pcxId('prod-nonprod') }, resources: [rtb('nonprod-private')] }),
    // 4.14 VPCs
    ev({ hoursAgo: 18.3, source: EC2, name: 'ModifyVpcAttribute', ...tf, requestParameters: { vpcId: vpcId('prod'), enableDnsHostnames: { value: true } }, resources: [{ type: 'AWS::EC2::VPC', id: vpcId('prod') }] }),
    ev({ hoursAgo: 2.85, source: EC2, name: 'CreateVpcPeeringConnection', ...bob, requestParameters: { vpcId: vpcId('nonprod'), peerVpcId: vpcId('tools'), peerOwnerId: TOOLS }, resources: [{ type: 'AWS::EC2::VPC', id: vpcId('nonprod') }] }),
    // A denied change is an unauthorized call, not a change.
    ev({ hoursAgo: 10.01, source: EC2, name: 'AuthorizeSecurityGroupIngress', principal: PRINCIPALS.devCi, sourceIp: IPS.gh, userAgent: UA.sdk, errorCode: 'Client.UnauthorizedOperation', errorMessage: 'You are not authorized to perform this operation.', requestParameters: { groupId: sgId('prod-db'), ipPermissions: ipPermission('tcp', 5432, '0.0.0.0/0') }, resources: [sgRes('prod-db')] }),
  ];
}

function accessDenied(): AuditEvent[] {
  const denied = (hoursAgo: number, source: string, name: string, errorCode = 'AccessDenied', principal: Principal = PRINCIPALS.devCi, sourceIp = IPS.gh, userAgent = UA.sdk) =>
    ev({ hoursAgo, source, name, principal, sourceIp, userAgent, errorCode, errorMessage: `User: ${principal.arn} is not authorized to perform: ${source.split('.')[0]}:${name}` });
  // The dev CI role probes what it can reach: 13 denials in 4 minutes.
  const burst: [string, string, string?][] = [
    [IAM, 'ListRoles'], ['s3.amazonaws.com', 'ListBuckets'], ['secretsmanager.amazonaws.com', 'GetSecretValue', 'AccessDeniedException'], ['secretsmanager.amazonaws.com', 'GetSecretValue', 'AccessDeniedException'],
    ['secretsmanager.amazonaws.com', 'ListSecrets', 'AccessDeniedException'], [EC2, 'CreateSnapshot', 'Client.UnauthorizedOperation'], ['kms.amazonaws.com', 'Decrypt', 'AccessDeniedException'],
    ['kms.amazonaws.com', 'Decrypt', 'AccessDeniedException'], ['ssm.amazonaws.com', 'GetParameters', 'AccessDeniedException'], ['sts.amazonaws.com', 'AssumeRole'], ['sts.amazonaws.com', 'AssumeRole'],
    [IAM, 'CreateUser'], [EC2, 'ModifyInstanceAttribute', 'Client.UnauthorizedOperation'],
  ];
  const out = burst.map(([src, name, code], i) => denied(10 - (i * 18) / 3600, src, name, code));
  // prod-app-01's instance-role credentials used from a Tor exit node: stolen through IMDSv1?
  const stolen = { principal: PRINCIPALS.prodApp, sourceIp: IPS.tor, userAgent: UA.python };
  out.push(
    ev({ hoursAgo: 4, source: 'sts.amazonaws.com', name: 'GetCallerIdentity', ...stolen }),
    ev({ hoursAgo: 3.99, source: 's3.amazonaws.com', name: 'ListBuckets', ...stolen }),
    denied(3.98, IAM, 'ListUsers', 'AccessDenied', PRINCIPALS.prodApp, IPS.tor, UA.python),
    denied(3.97, IAM, 'CreateUser', 'AccessDenied', PRINCIPALS.prodApp, IPS.tor, UA.python),
    denied(3.96, IAM, 'AttachUserPolicy', 'AccessDenied', PRINCIPALS.prodApp, IPS.tor, UA.python),
  );
  // Everyday, isolated denials, and the two the CIS filter leaves out on purpose.
  out.push(
    denied(15, 'elasticloadbalancing.amazonaws.com', 'DescribeLoadBalancers', 'AccessDenied', PRINCIPALS.datadog, IPS.datadog, UA.datadog),
    denied(20, EC2, 'TerminateInstances', 'Client.UnauthorizedOperation', PRINCIPALS.alice, IPS.corp, UA.console),
    denied(12, 's3.amazonaws.com', 'HeadBucket', 'AccessDenied', PRINCIPALS.datadog, IPS.datadog, UA.datadog),
    denied(12.5, 's3.amazonaws.com', 'PutObject', 'AccessDenied', { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' }, 'delivery.logs.amazonaws.com', 'delivery.logs.amazonaws.com'),
  );
  return out;
}

function prodInstanceWrites(): AuditEvent[] {
  const set = (name: string) => ({ instancesSet: { items: [{ instanceId: demoInstance(name).instanceId }] } });
  const bob = { principal: PRINCIPALS.bob, sourceIp: IPS.home, userAgent: UA.cli };
  return [
    // Not allowed by the access policy: bob turns IMDSv1 back on for prod-web-03 and reboots an app server.
    ev({
      hoursAgo: 2.5, source: EC2, name: 'ModifyInstanceMetadataOptions', ...bob,
      requestParameters: { ModifyInstanceMetadataOptionsRequest: { InstanceId: demoInstance('prod-web-03').instanceId, HttpTokens: 'optional' } }, resources: [inst('prod-web-03')],
    }),
    ev({ hoursAgo: 2.4, source: EC2, name: 'RebootInstances', ...bob, requestParameters: set('prod-app-02'), resources: [inst('prod-app-02')] }),
    ev({ hoursAgo: 2.39, source: EC2, name: 'StopInstances', ...bob, requestParameters: { ...set('prod-worker-03'), force: false }, resources: [inst('prod-worker-03')] }),
    // Allowed: the Admin role and the deployment pipeline.
    ev({ hoursAgo: 5.5, source: EC2, name: 'RebootInstances', principal: PRINCIPALS.carol, sourceIp: IPS.corp, userAgent: UA.console, requestParameters: set('prod-db-02'), resources: [inst('prod-db-02')] }),
    ev({ hoursAgo: 14.5, source: EC2, name: 'ModifyInstanceAttribute', principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform, requestParameters: { instanceId: demoInstance('prod-app-04').instanceId, disableApiTermination: { value: true } }, resources: [inst('prod-app-04')] }),
    // A tag value written through the API is as hostile as any other string.
    ev({
      hoursAgo: 0.5, source: EC2, name: 'CreateTags', ...bob,
      requestParameters: { resourcesSet: { items: [{ resourceId: demoInstance('hostile-tags').instanceId }] }, tagSet: { items: [{ key: 'Name', value: HOSTILE_HTML }, { key: 'Owner', value: HOSTILE_FORMULA }] } },
      resources: [inst('hostile-tags')],
    }),
  ];
}

/** Reads by people, services and instance roles: what most of a real day looks like. */
function noise(): AuditEvent[] {
  const rng = mulberry32(20261126);
  const out: AuditEvent[] = [];
  const ec2Reads = ['DescribeInstances', 'DescribeSecurityGroups', 'DescribeVolumes', 'DescribeSubnets', 'DescribeVpcs', 'DescribeNetworkInterfaces', 'DescribeInstanceStatus', 'DescribeTags', 'DescribeRouteTables', 'DescribeNetworkAcls', 'DescribeImages', 'DescribeSnapshots'];
  const plan: { count: number; accountId: string; region: string; pick: () => Omit<EventIn, 'hoursAgo' | 'accountId' | 'region'> }[] = [
    { count: 45, accountId: WORKLOADS, region: US, pick: () => ({ source: EC2, name: rng.pick(ec2Reads), principal: PRINCIPALS.terraform, sourceIp: IPS.gh, userAgent: UA.terraform }) },
    { count: 30, accountId: WORKLOADS, region: US, pick: () => ({ source: rng.chance(0.7) ? EC2 : 'monitoring.amazonaws.com', name: rng.chance(0.7) ? rng.pick(['DescribeInstances', 'DescribeInstanceStatus', 'DescribeVolumes']) : 'GetMetricData', principal: PRINCIPALS.datadog, sourceIp: IPS.datadog, userAgent: UA.datadog }) },
    { count: 20, accountId: WORKLOADS, region: US, pick: () => ({ source: EC2, name: rng.pick(ec2Reads), principal: PRINCIPALS.auditor, sourceIp: IPS.aws, userAgent: UA.sdk }) },
    { count: 15, accountId: WORKLOADS, region: US, pick: () => ({ source: EC2, name: rng.pick(['DescribeSecurityGroups', 'DescribeNetworkAcls', 'DescribeVolumes']), principal: PRINCIPALS.config, sourceIp: 'config.amazonaws.com', userAgent: UA.config }) },
    {
      count: 25, accountId: WORKLOADS, region: US,
      pick: () => {
        const [source, name] = rng.pick([['kms.amazonaws.com', 'Decrypt'], ['secretsmanager.amazonaws.com', 'GetSecretValue'], ['ssm.amazonaws.com', 'GetParameters'], ['sts.amazonaws.com', 'GetCallerIdentity']] as const);
        return { source, name, principal: rng.chance(0.6) ? PRINCIPALS.prodApp : PRINCIPALS.prodWeb, sourceIp: IPS.aws, userAgent: UA.sdk };
      },
    },
    { count: 10, accountId: WORKLOADS, region: US, pick: () => ({ source: rng.pick([EC2, 's3.amazonaws.com', IAM]), name: rng.pick(['DescribeInstances', 'ListBuckets', 'GetAccountSummary', 'ListRoles']), principal: rng.pick([PRINCIPALS.alice, PRINCIPALS.carol]), sourceIp: IPS.corp, userAgent: UA.console }) },
    { count: 5, accountId: WORKLOADS, region: US, pick: () => ({ source: 'autoscaling.amazonaws.com', name: rng.pick(['DescribeAutoScalingGroups', 'DescribeScalingActivities']), principal: PRINCIPALS.autoscaling, sourceIp: 'autoscaling.amazonaws.com', userAgent: 'autoscaling.amazonaws.com' }) },
    { count: 18, accountId: WORKLOADS, region: EU, pick: () => ({ source: EC2, name: rng.pick(ec2Reads), principal: rng.pick([PRINCIPALS.terraform, PRINCIPALS.auditor, PRINCIPALS.datadog]), sourceIp: IPS.aws, userAgent: UA.sdk }) },
    { count: 8, accountId: WORKLOADS, region: EU, pick: () => ({ source: 'kms.amazonaws.com', name: 'Decrypt', principal: PRINCIPALS.prodApp, sourceIp: IPS.aws, userAgent: UA.sdk }) },
    { count: 14, accountId: TOOLS, region: US, pick: () => ({ source: rng.pick([EC2, 'ecr.amazonaws.com', 's3.amazonaws.com']), name: rng.pick(['DescribeInstances', 'GetAuthorizationToken', 'ListBuckets', 'DescribeImages']), principal: PRINCIPALS.ciRunner, sourceIp: IPS.aws, userAgent: UA.sdk }) },
    { count: 8, accountId: TOOLS, region: US, pick: () => ({ source: EC2, name: rng.pick(ec2Reads), principal: PRINCIPALS.toolsAuditor, sourceIp: IPS.aws, userAgent: UA.sdk }) },
  ];
  for (const p of plan) {
    for (let i = 0; i < p.count; i++) {
      const e = p.pick();
      // eu-west-1 was read only up to 5 hours before the snapshot (LookupEvents throttled).
      const newest = p.region === EU ? 5.05 : 0.05;
      out.push(ev({ ...e, hoursAgo: newest + rng.next() * (23.95 - newest), accountId: p.accountId, region: p.region, readOnly: true }));
    }
  }
  return out;
}

/** Every demo event, oldest first. */
export function demoEvents(): AuditEvent[] {
  counter = 0;
  const all = [...signIns(), ...rootUsage(), ...iamChanges(), ...trailChanges(), ...kmsS3ConfigChanges(), ...networkChanges(), ...accessDenied(), ...prodInstanceWrites(), ...noise()];
  return all.sort((a, b2) => (a.time < b2.time ? -1 : a.time > b2.time ? 1 : a.eventId < b2.eventId ? -1 : 1));
}
