/**
 * The inventory model: what collectors produce and every pure part of vmaudit reads.
 * One zod schema per resource; the TypeScript types are inferred from them, so the snapshot
 * file format and the in-memory model can never drift apart.
 *
 * Every resource carries its own accountId and region, so slices from many targets merge by
 * concatenation. SDK shapes never get past the collectors: this is the only vocabulary.
 */
import * as z from 'zod';
import { ACCOUNT_ID, isRealTime, REGION_FORMAT, REGION_WORDS } from './formats';

export const SNAPSHOT_SCHEMA_VERSION = 1;

const accountId = z.string().regex(ACCOUNT_ID, 'a 12-digit AWS account id');
const region = z.string().regex(REGION_FORMAT, REGION_WORDS);
/** A real moment: 2026-02-30 is refused, not rolled over to 2 March. */
const isoTime = z.string().refine(isRealTime, 'an ISO-8601 date-time of a real day and time');
/** Tags from the estate: hostile strings, kept verbatim and escaped at every output. */
export const TagsSchema = z.record(z.string(), z.string()).default({});

const located = { accountId, region };

/** AWS protocol names after normalisation: '-1' (all), 'tcp', 'udp', 'icmp', 'icmpv6', or an IP protocol number. */
const protocol = z.string().min(1);

export const MetadataOptionsSchema = z.object({
  httpTokens: z.enum(['optional', 'required']),
  httpEndpoint: z.enum(['enabled', 'disabled']).default('enabled'),
  httpPutResponseHopLimit: z.number().int().optional(),
});

export const InstanceSchema = z.object({
  ...located,
  instanceId: z.string(),
  state: z.enum(['pending', 'running', 'shutting-down', 'terminated', 'stopping', 'stopped']),
  /** When the instance entered its current state, if AWS said so (StateTransitionReason). */
  stateTransitionTime: isoTime.optional(),
  instanceType: z.string().optional(),
  launchTime: isoTime.optional(),
  imageId: z.string().optional(),
  metadataOptions: MetadataOptionsSchema.optional(),
  publicIpAddress: z.string().optional(),
  privateIpAddress: z.string().optional(),
  ipv6Addresses: z.array(z.string()).default([]),
  networkInterfaceIds: z.array(z.string()).default([]),
  securityGroupIds: z.array(z.string()).default([]),
  subnetId: z.string().optional(),
  vpcId: z.string().optional(),
  iamInstanceProfileArn: z.string().optional(),
  virtualizationType: z.enum(['hvm', 'paravirtual']).optional(),
  platform: z.string().optional(),
  tags: TagsSchema,
});

export const NetworkInterfaceSchema = z.object({
  ...located,
  networkInterfaceId: z.string(),
  instanceId: z.string().optional(),
  subnetId: z.string().optional(),
  vpcId: z.string().optional(),
  privateIpAddresses: z.array(z.string()).default([]),
  /** Public IPv4 (auto-assigned or Elastic IP) associated with this ENI. */
  publicIp: z.string().optional(),
  ipv6Addresses: z.array(z.string()).default([]),
  securityGroupIds: z.array(z.string()).default([]),
  interfaceType: z.string().optional(),
  status: z.string().optional(),
  description: z.string().optional(),
});

/** The other end of a security-group rule: exactly one of these per normalised rule. */
export const SgPeerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cidr4'), cidr: z.string() }),
  z.object({ kind: z.literal('cidr6'), cidr: z.string() }),
  z.object({ kind: z.literal('prefixList'), prefixListId: z.string() }),
  z.object({
    kind: z.literal('sg'),
    groupId: z.string(),
    /** Owner account of the referenced group: differs from the rule's account for cross-account references. */
    userId: z.string().optional(),
    vpcId: z.string().optional(),
    peeringStatus: z.string().optional(),
  }),
]);

/** One security-group rule normalised to a single peer (DescribeSecurityGroups packs several). */
export const SgRuleSchema = z.object({
  ruleId: z.string().optional(),
  protocol,
  /** For tcp/udp the port range; for icmp the type (fromPort) and code (toPort); -1 or absent = all. */
  fromPort: z.number().int().nullable().default(null),
  toPort: z.number().int().nullable().default(null),
  peer: SgPeerSchema,
  description: z.string().optional(),
});

export const SecurityGroupSchema = z.object({
  ...located,
  groupId: z.string(),
  groupName: z.string(),
  vpcId: z.string().optional(),
  ownerId: z.string().optional(),
  description: z.string().optional(),
  tags: TagsSchema,
  ingress: z.array(SgRuleSchema).default([]),
  egress: z.array(SgRuleSchema).default([]),
});

export const PrefixListSchema = z.object({
  ...located,
  prefixListId: z.string(),
  name: z.string().optional(),
  addressFamily: z.enum(['IPv4', 'IPv6']).optional(),
  cidrs: z.array(z.string()).default([]),
});

export const NaclEntrySchema = z.object({
  ruleNumber: z.number().int(),
  egress: z.boolean(),
  protocol,
  ruleAction: z.enum(['allow', 'deny']),
  /** IPv4 or IPv6 CIDR. */
  cidr: z.string(),
  fromPort: z.number().int().nullable().default(null),
  toPort: z.number().int().nullable().default(null),
  icmpType: z.number().int().nullable().default(null),
  icmpCode: z.number().int().nullable().default(null),
});

export const NetworkAclSchema = z.object({
  ...located,
  networkAclId: z.string(),
  vpcId: z.string(),
  isDefault: z.boolean().default(false),
  entries: z.array(NaclEntrySchema).default([]),
  associatedSubnetIds: z.array(z.string()).default([]),
  tags: TagsSchema,
});

export const SubnetSchema = z.object({
  ...located,
  subnetId: z.string(),
  vpcId: z.string(),
  cidrBlock: z.string().optional(),
  ipv6CidrBlocks: z.array(z.string()).default([]),
  availabilityZone: z.string().optional(),
  mapPublicIpOnLaunch: z.boolean().default(false),
  assignIpv6AddressOnCreation: z.boolean().default(false),
  defaultForAz: z.boolean().default(false),
  tags: TagsSchema,
});

export const RouteTargetKind = z.enum(['local', 'igw', 'eigw', 'nat', 'peering', 'tgw', 'vgw', 'instance', 'eni', 'other']);

export const RouteSchema = z.object({
  /** Destination CIDR (IPv4 or IPv6); absent when the destination is a prefix list. */
  destination: z.string().optional(),
  destinationPrefixListId: z.string().optional(),
  target: z.object({ kind: RouteTargetKind, id: z.string() }),
  state: z.enum(['active', 'blackhole']).default('active'),
});

export const RouteTableSchema = z.object({
  ...located,
  routeTableId: z.string(),
  vpcId: z.string(),
  /** The VPC's main route table: applies to every subnet without an explicit association. */
  main: z.boolean().default(false),
  associatedSubnetIds: z.array(z.string()).default([]),
  routes: z.array(RouteSchema).default([]),
  tags: TagsSchema,
});

export const VpcSchema = z.object({
  ...located,
  vpcId: z.string(),
  cidrBlocks: z.array(z.string()).default([]),
  ipv6CidrBlocks: z.array(z.string()).default([]),
  isDefault: z.boolean().default(false),
  tags: TagsSchema,
});

const peeringSide = z.object({ accountId, region, vpcId: z.string(), cidrBlocks: z.array(z.string()).default([]), ipv6CidrBlocks: z.array(z.string()).default([]) });

export const PeeringConnectionSchema = z.object({
  ...located,
  peeringConnectionId: z.string(),
  status: z.string(),
  requester: peeringSide,
  accepter: peeringSide,
  tags: TagsSchema,
});

// ---- Transit Gateway routing -------------------------------------------------------------------
// Transit gateways, their attachments and route tables: what decides where a VPC route to a `tgw-`
// target goes. Ids of transit gateways, attachments and TGW route tables are unique across AWS, so
// the isolation model joins them across accounts and regions (shared TGWs, inter-region peering).

export const TransitGatewaySchema = z.object({
  ...located,
  transitGatewayId: z.string(),
  ownerId: z.string().optional(),
  state: z.string().default('available'),
  /** Route table new attachments are associated with / propagate to, when enabled. */
  associationDefaultRouteTableId: z.string().optional(),
  propagationDefaultRouteTableId: z.string().optional(),
  /** Options.AutoAcceptSharedAttachments: attachment requests from other accounts are accepted without review; absent when not reported. */
  autoAcceptSharedAttachments: z.boolean().optional(),
  tags: TagsSchema,
});

export const TransitGatewayAttachmentSchema = z.object({
  ...located,
  transitGatewayAttachmentId: z.string(),
  transitGatewayId: z.string(),
  transitGatewayOwnerId: z.string().optional(),
  /** vpc, vpn, peering, connect, direct-connect-gateway, network-function, … as AWS names them. */
  resourceType: z.string(),
  /** The VPC, VPN connection, peer transit gateway, Direct Connect gateway or transport attachment. */
  resourceId: z.string().optional(),
  resourceOwnerId: z.string().optional(),
  state: z.string(),
  /** The TGW route table this attachment is associated with (routes traffic that enters through it). */
  associatedRouteTableId: z.string().optional(),
  /** VPC attachments: the subnets (one per Availability Zone) holding the attachment's interfaces. */
  subnetIds: z.array(z.string()).default([]),
  /** VPC attachments: appliance mode keeps both directions of a flow in one Availability Zone. */
  applianceMode: z.boolean().default(false),
  /** Peering attachments: the other transit gateway. */
  peer: z.object({ transitGatewayId: z.string(), accountId: z.string().optional(), region: z.string().optional() }).optional(),
  tags: TagsSchema,
});

export const TransitGatewayRouteSchema = z.object({
  /** Destination CIDR; absent when the destination is a prefix list. */
  destination: z.string().optional(),
  prefixListId: z.string().optional(),
  type: z.enum(['static', 'propagated']),
  state: z.enum(['active', 'blackhole']).default('active'),
  /** Target attachments (several for ECMP); empty for a blackhole route. */
  attachmentIds: z.array(z.string()).default([]),
});

export const TransitGatewayRouteTableSchema = z.object({
  ...located,
  transitGatewayRouteTableId: z.string(),
  transitGatewayId: z.string(),
  defaultAssociation: z.boolean().default(false),
  defaultPropagation: z.boolean().default(false),
  /** Attachments associated with this table (also readable from each attachment). */
  associations: z.array(z.string()).default([]),
  /** Attachments whose routes propagate into this table. */
  propagations: z.array(z.string()).default([]),
  /** Routes as read (static and propagated). Propagated routes of VPC attachments are also derived from `propagations`. */
  routes: z.array(TransitGatewayRouteSchema).default([]),
  /** False when the routes could not be read (or were cut short): lookups that miss are then unknown. */
  routesComplete: z.boolean().default(true),
  tags: TagsSchema,
});
// ---- end of Transit Gateway routing ------------------------------------------------------------

export const FlowLogSchema = z.object({
  ...located,
  flowLogId: z.string(),
  /** The VPC, subnet or ENI the flow log is attached to. */
  resourceId: z.string(),
  trafficType: z.enum(['ACCEPT', 'REJECT', 'ALL']),
  status: z.string().default('ACTIVE'),
  deliverLogsStatus: z.string().optional(),
  destinationType: z.string().optional(),
});

export const VolumeSchema = z.object({
  ...located,
  volumeId: z.string(),
  encrypted: z.boolean(),
  kmsKeyId: z.string().optional(),
  state: z.string().default('in-use'),
  sizeGiB: z.number().optional(),
  attachments: z.array(z.object({ instanceId: z.string(), device: z.string().optional(), state: z.string().optional() })).default([]),
  tags: TagsSchema,
});

export const EbsSnapshotSchema = z.object({
  ...located,
  snapshotId: z.string(),
  volumeId: z.string().optional(),
  encrypted: z.boolean(),
  startTime: isoTime.optional(),
  /** Restorable by anyone (createVolumePermission group=all). */
  public: z.boolean().default(false),
  /** Account ids createVolumePermission names; absent when it was not read. */
  sharedWith: z.array(z.string()).optional(),
  description: z.string().optional(),
  tags: TagsSchema,
});

export const ImageSchema = z.object({
  ...located,
  imageId: z.string(),
  name: z.string().optional(),
  ownerId: z.string(),
  ownerAlias: z.string().optional(),
  /** Owned by the audited account (false for images only seen because an instance uses them). */
  owned: z.boolean().default(true),
  public: z.boolean().default(false),
  /** Account ids, organization and OU ARNs launchPermission names (owned images); absent when it was not read. */
  sharedWith: z.array(z.string()).optional(),
  state: z.string().default('available'),
  creationDate: isoTime.optional(),
  deprecationTime: isoTime.optional(),
  virtualizationType: z.enum(['hvm', 'paravirtual']).optional(),
  tags: TagsSchema,
});

/**
 * One version of a launch template, as DescribeLaunchTemplateVersions returns the default and the
 * latest version of every template (one listing, no call per template). A setting the version leaves
 * out is absent here too: instances launched from it get the AMI's or the region's default.
 */
export const LaunchTemplateVersionSchema = z.object({
  ...located,
  launchTemplateId: z.string(),
  launchTemplateName: z.string().optional(),
  versionNumber: z.number().int().nonnegative(),
  /** The version launches use unless they name another. */
  isDefault: z.boolean().default(false),
  /** The highest version number of the template. */
  isLatest: z.boolean().default(false),
  metadataOptions: z
    .object({
      httpTokens: z.enum(['optional', 'required']).optional(),
      httpEndpoint: z.enum(['enabled', 'disabled']).optional(),
      httpPutResponseHopLimit: z.number().int().optional(),
    })
    .default({}),
  /** NetworkInterfaces of the version; associatePublicIpAddress absent: the subnet's setting decides. */
  networkInterfaces: z.array(z.object({ deviceIndex: z.number().int().optional(), associatePublicIpAddress: z.boolean().optional() })).default([]),
});

/**
 * Account settings that hold per region. Each field is absent when its API was not read (the
 * coverage gap says why), so a rule can tell "unblocked" from "unknown".
 */
export const RegionSettingsSchema = z.object({
  ...located,
  /** GetSnapshotBlockPublicAccessState: block-all-sharing, block-new-sharing or unblocked. */
  snapshotBlockPublicAccess: z.string().optional(),
  /** GetImageBlockPublicAccessState: block-new-sharing or unblocked. */
  imageBlockPublicAccess: z.string().optional(),
});

export const EbsEncryptionDefaultSchema = z.object({
  ...located,
  enabled: z.boolean(),
  kmsKeyId: z.string().optional(),
});

export const BasicEventSelectorSchema = z.object({
  readWriteType: z.enum(['All', 'ReadOnly', 'WriteOnly']).default('All'),
  includeManagementEvents: z.boolean().default(true),
  excludeManagementEventSources: z.array(z.string()).default([]),
});

export const AdvancedFieldSelectorSchema = z.object({
  field: z.string(),
  equals: z.array(z.string()).optional(),
  notEquals: z.array(z.string()).optional(),
  startsWith: z.array(z.string()).optional(),
  notStartsWith: z.array(z.string()).optional(),
  endsWith: z.array(z.string()).optional(),
  notEndsWith: z.array(z.string()).optional(),
});

export const AdvancedEventSelectorSchema = z.object({
  name: z.string().optional(),
  fieldSelectors: z.array(AdvancedFieldSelectorSchema),
});

export const TrailSchema = z.object({
  ...located,
  name: z.string(),
  arn: z.string(),
  homeRegion: z.string(),
  isMultiRegion: z.boolean().default(false),
  isOrganizationTrail: z.boolean().default(false),
  logFileValidationEnabled: z.boolean().default(false),
  includeGlobalServiceEvents: z.boolean().default(true),
  kmsKeyId: z.string().optional(),
  cloudWatchLogsLogGroupArn: z.string().optional(),
  s3BucketName: z.string().optional(),
  /** GetTrailStatus; null when it could not be read (a coverage gap says why). */
  status: z
    .object({
      isLogging: z.boolean(),
      latestDeliveryError: z.string().optional(),
      latestDeliveryTime: isoTime.optional(),
    })
    .nullable()
    .default(null),
  /** GetEventSelectors; null when it could not be read. A trail uses basic or advanced selectors, never both. */
  selectors: z
    .object({
      basic: z.array(BasicEventSelectorSchema).optional(),
      advanced: z.array(AdvancedEventSelectorSchema).optional(),
    })
    .nullable()
    .default(null),
  tags: TagsSchema,
});

export const PrincipalSchema = z.object({
  /** CloudTrail userIdentity.type: Root, IAMUser, AssumedRole, FederatedUser, AWSService, AWSAccount, … */
  type: z.string().default('Unknown'),
  arn: z.string().optional(),
  accountId: z.string().optional(),
  userName: z.string().optional(),
  /** The role or user behind an assumed-role session. */
  sessionIssuerArn: z.string().optional(),
  mfaUsed: z.boolean().optional(),
  invokedBy: z.string().optional(),
});

/** A CloudTrail management event, normalised from LookupEvents or EventBridge. */
export const AuditEventSchema = z.object({
  eventId: z.string(),
  time: isoTime,
  accountId: z.string(),
  region: z.string(),
  source: z.string(),
  name: z.string(),
  readOnly: z.boolean().optional(),
  principal: PrincipalSchema,
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  resources: z.array(z.object({ type: z.string().optional(), id: z.string() })).default([]),
  /** responseElements.ConsoleLogin for sign-in events. */
  consoleLogin: z.enum(['Success', 'Failure']).optional(),
  requestParameters: z.record(z.string(), z.unknown()).optional(),
  /** Where it was read from: the scheduled LookupEvents path or the real-time EventBridge path. */
  origin: z.enum(['lookup', 'eventbridge']).default('lookup'),
  /** CloudTrail eventType: AwsApiCall, AwsServiceEvent, AwsConsoleSignIn, AwsConsoleAction. */
  eventType: z.string().optional(),
  /**
   * Carried over from the previous window (lib/events/cursor.ts) only as context for burst windows:
   * already reported once, so per-event rules skip it.
   */
  carried: z.boolean().optional(),
});

/**
 * The S3 bucket a trail delivers to, as its owner account reads it (one entry per bucket and target
 * that collected a trail delivering there). Each field is absent when its call failed (a coverage gap
 * says why), so a rule can tell "not public" from "not read".
 */
export const TrailBucketSchema = z.object({
  ...located,
  bucketName: z.string(),
  /** GetBucketPolicyStatus IsPublic; false when the bucket has no policy (NoSuchBucketPolicy). */
  policyIsPublic: z.boolean().optional(),
  /** GetPublicAccessBlock of the bucket; every flag false when none is set (NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock: z
    .object({ blockPublicAcls: z.boolean(), ignorePublicAcls: z.boolean(), blockPublicPolicy: z.boolean(), restrictPublicBuckets: z.boolean() })
    .optional(),
  /** GetBucketAcl: the grants to everyone or to any authenticated AWS user, as "<group> <permission>". */
  aclPublicGrants: z.array(z.string()).optional(),
  /** GetBucketLogging: server access logging, with the bucket it logs to. */
  accessLogging: z.object({ enabled: z.boolean(), targetBucket: z.string().optional() }).optional(),
});

export const CoverageGapSchema = z.object({
  accountId: z.string(),
  /** '*' when the whole account could not be read (for example AssumeRole failed). */
  region: z.string(),
  service: z.string(),
  /** API action name, e.g. DescribeInstances; '*' for the whole service or target. */
  api: z.string(),
  errorCode: z.string(),
  message: z.string(),
});

/**
 * What the scheduled path reads of CloudTrail, one LookupEvents lookup each: console sign-ins
 * (EventName=ConsoleLogin), write events (ReadOnly=false, denied ones included), the denied calls and
 * the root user's calls among read-only events (ReadOnly=true pages, bounded by a budget; the rest of
 * each page is dropped), and every read-only event (only a file of CloudTrail records has them all).
 */
export const EVENT_READ_CLASSES = ['console-sign-in', 'write', 'read-only-denied', 'read-only-root', 'read-only'] as const;
export type EventReadClass = (typeof EVENT_READ_CLASSES)[number];
/** What a window without `classes` covered: what every scan read before windows recorded it. */
export const PRE_RECORD_EVENT_CLASSES: readonly EventReadClass[] = ['console-sign-in', 'write'];

export const EventWindowSchema = z.object({
  accountId,
  region,
  from: isoTime,
  to: isoTime,
  eventCount: z.number().int().nonnegative(),
  /** The per-run cap stopped reading before the window was exhausted. */
  capped: z.boolean().default(false),
  unparsed: z.number().int().nonnegative().default(0),
  /** Why the first few unparsed records could not be read (bounded), so the report can say. */
  unparsedErrors: z.array(z.string()).default([]),
  /**
   * The classes of events this window read, each to the window's end unless `capped`. Absent in
   * snapshots written before it was recorded: then PRE_RECORD_EVENT_CLASSES, capped as the window is.
   */
  classes: z.array(z.object({ class: z.enum(EVENT_READ_CLASSES), capped: z.boolean().default(false) })).optional(),
});

/**
 * The inventory calls (`service:Action`) whose collector ran to completion in a target without a
 * failed call. A target with no record (snapshots written before it existed, hand-made files) is read
 * as before: every API without a coverage gap counts as read.
 */
export const InventoryReadSchema = z.object({ accountId, region, apis: z.array(z.string()) });

export const TargetSchema = z.object({ accountId, region });

export const SnapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  generatedAt: isoTime,
  source: z.object({ kind: z.enum(['aws', 'demo', 'synthetic', 'file']), description: z.string().optional() }).default({ kind: 'file' }),
  /** Every (account, region) the scan meant to read, including those that failed. */
  targets: z.array(TargetSchema),
  instances: z.array(InstanceSchema).default([]),
  networkInterfaces: z.array(NetworkInterfaceSchema).default([]),
  securityGroups: z.array(SecurityGroupSchema).default([]),
  prefixLists: z.array(PrefixListSchema).default([]),
  networkAcls: z.array(NetworkAclSchema).default([]),
  subnets: z.array(SubnetSchema).default([]),
  routeTables: z.array(RouteTableSchema).default([]),
  vpcs: z.array(VpcSchema).default([]),
  peeringConnections: z.array(PeeringConnectionSchema).default([]),
  // Transit Gateway routing
  transitGateways: z.array(TransitGatewaySchema).default([]),
  transitGatewayAttachments: z.array(TransitGatewayAttachmentSchema).default([]),
  transitGatewayRouteTables: z.array(TransitGatewayRouteTableSchema).default([]),
  flowLogs: z.array(FlowLogSchema).default([]),
  volumes: z.array(VolumeSchema).default([]),
  snapshots: z.array(EbsSnapshotSchema).default([]),
  images: z.array(ImageSchema).default([]),
  ebsEncryptionByDefault: z.array(EbsEncryptionDefaultSchema).default([]),
  launchTemplateVersions: z.array(LaunchTemplateVersionSchema).default([]),
  regionSettings: z.array(RegionSettingsSchema).default([]),
  trails: z.array(TrailSchema).default([]),
  trailBuckets: z.array(TrailBucketSchema).default([]),
  events: z.array(AuditEventSchema).default([]),
  eventWindows: z.array(EventWindowSchema).default([]),
  coverageGaps: z.array(CoverageGapSchema).default([]),
  inventoryReads: z.array(InventoryReadSchema).default([]),
});
