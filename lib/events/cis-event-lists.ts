/**
 * The event names of the CIS AWS Foundations Benchmark 3.0 §4.x metric filters, as data. Each list is
 * the filter pattern of the benchmark, name for name; where vmaudit narrows or widens a filter the
 * difference is stated next to it and in docs/events.md.
 */

export interface EventList {
  /** CIS 3.0 recommendation id. */
  cis: string;
  /** The eventSource the names are matched in. */
  source: string;
  /** The names of the CIS metric filter. */
  names: readonly string[];
  /** Names vmaudit adds beyond the CIS filter (reported with `cisFilter: false` in the evidence). */
  beyondCis?: readonly string[];
}

/**
 * 4.4 IAM policy changes. The CIS pattern lists the names without an eventSource; IoT and
 * Organizations also have CreatePolicy/DeletePolicy, which change no IAM permission, so vmaudit
 * matches the names in iam.amazonaws.com only (SCP changes are CIS 4.15, not 4.4).
 */
export const IAM_POLICY_CHANGE: EventList = {
  cis: '4.4',
  source: 'iam.amazonaws.com',
  names: [
    'DeleteGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy',
    'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy',
    'AttachUserPolicy', 'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy',
  ],
  // Switching the default version of a managed policy changes its permissions as surely as CreatePolicyVersion.
  beyondCis: ['SetDefaultPolicyVersion'],
};

/**
 * 4.5 CloudTrail configuration changes. The CIS filter stops at the trail life cycle; changing the
 * event selectors (drop management events, exclude KMS) blinds a trail just as well, so vmaudit also
 * reports selector and event-data-store changes.
 */
export const CLOUDTRAIL_CHANGE: EventList = {
  cis: '4.5',
  source: 'cloudtrail.amazonaws.com',
  names: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'],
  beyondCis: ['PutEventSelectors', 'PutInsightSelectors', 'DeleteEventDataStore', 'UpdateEventDataStore', 'StopEventDataStoreIngestion'],
};

/** 4.7 Disabling or scheduled deletion of customer-created KMS keys. */
export const KMS_KEY_DISABLE_OR_DELETE: EventList = {
  cis: '4.7',
  source: 'kms.amazonaws.com',
  names: ['DisableKey', 'ScheduleKeyDeletion'],
};

/** 4.8 S3 bucket policy changes. */
export const S3_BUCKET_POLICY_CHANGE: EventList = {
  cis: '4.8',
  source: 's3.amazonaws.com',
  names: [
    'PutBucketAcl', 'PutBucketPolicy', 'PutBucketCors', 'PutBucketLifecycle', 'PutBucketReplication',
    'DeleteBucketPolicy', 'DeleteBucketCors', 'DeleteBucketLifecycle', 'DeleteBucketReplication',
  ],
};

/** 4.9 AWS Config configuration changes. */
export const CONFIG_CHANGE: EventList = {
  cis: '4.9',
  source: 'config.amazonaws.com',
  names: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
};

/** 4.10 Security group changes. */
export const SECURITY_GROUP_CHANGE: EventList = {
  cis: '4.10',
  source: 'ec2.amazonaws.com',
  names: ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'],
  // The 2021 rule-level API changes rules without any of the six calls above.
  beyondCis: ['ModifySecurityGroupRules'],
};

/** 4.11 Network ACL changes. */
export const NACL_CHANGE: EventList = {
  cis: '4.11',
  source: 'ec2.amazonaws.com',
  names: ['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'],
};

/** 4.12 Changes to network gateways. */
export const NETWORK_GATEWAY_CHANGE: EventList = {
  cis: '4.12',
  source: 'ec2.amazonaws.com',
  names: ['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'],
};

/**
 * 4.13 Route table changes. API Gateway v2 has its own CreateRoute/DeleteRoute, so the names are
 * matched in ec2.amazonaws.com only, as the 3.0 filter's eventSource condition intends.
 */
export const ROUTE_TABLE_CHANGE: EventList = {
  cis: '4.13',
  source: 'ec2.amazonaws.com',
  names: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'],
};

/** 4.14 VPC changes (ClassicLink names kept as the benchmark lists them; they no longer occur). */
export const VPC_CHANGE: EventList = {
  cis: '4.14',
  source: 'ec2.amazonaws.com',
  names: [
    'CreateVpc', 'DeleteVpc', 'ModifyVpcAttribute', 'AcceptVpcPeeringConnection', 'CreateVpcPeeringConnection', 'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection', 'AttachClassicLinkVpc', 'DetachClassicLinkVpc', 'DisableVpcClassicLink', 'EnableVpcClassicLink',
  ],
};

/** 4.1: errorCode "*UnauthorizedOperation" or "AccessDenied*", not from delivery.logs.amazonaws.com, not HeadBucket. */
export function isUnauthorizedErrorCode(code: string | undefined): boolean {
  return code !== undefined && (code.endsWith('UnauthorizedOperation') || code.startsWith('AccessDenied'));
}
export const UNAUTHORIZED_EXCLUDED_SOURCE_IP = 'delivery.logs.amazonaws.com';
export const UNAUTHORIZED_EXCLUDED_NAME = 'HeadBucket';

/** 4.6: the errorMessage CloudTrail writes for a wrong password. */
export const FAILED_AUTHENTICATION = 'Failed authentication';
