/**
 * The event rules, in the order they run and are documented: the CIS 3.0 §4 detections in
 * recommendation order, then the event policies of the policy file, then event coverage.
 * The lead adds EVENT_RULES to the catalogue (lib/rules/index.ts).
 */
import type { Rule } from '../../engine/rule';
import evtUnauthorizedApiCalls from './evt-unauthorized-api-calls';
import evtConsoleLoginNoMfa from './evt-console-login-no-mfa';
import evtRootAccountUsage from './evt-root-account-usage';
import evtIamPolicyChange from './evt-iam-policy-change';
import evtCloudtrailChange from './evt-cloudtrail-change';
import evtConsoleAuthFailure from './evt-console-auth-failure';
import evtKmsKeyDisableOrDelete from './evt-kms-key-disable-or-delete';
import evtS3BucketPolicyChange from './evt-s3-bucket-policy-change';
import evtConfigChange from './evt-config-change';
import evtSecurityGroupChange from './evt-security-group-change';
import evtNaclChange from './evt-nacl-change';
import evtNetworkGatewayChange from './evt-network-gateway-change';
import evtRouteTableChange from './evt-route-table-change';
import evtVpcChange from './evt-vpc-change';
import evtAccessPolicy from './evt-access-policy';
import evtAuditPolicy from './evt-audit-policy';
import evtResponsePolicy from './evt-response-policy';
import evtEventCoverage from './evt-event-coverage';

export const EVENT_RULES: readonly Rule[] = [
  evtUnauthorizedApiCalls,
  evtConsoleLoginNoMfa,
  evtRootAccountUsage,
  evtIamPolicyChange,
  evtCloudtrailChange,
  evtConsoleAuthFailure,
  evtKmsKeyDisableOrDelete,
  evtS3BucketPolicyChange,
  evtConfigChange,
  evtSecurityGroupChange,
  evtNaclChange,
  evtNetworkGatewayChange,
  evtRouteTableChange,
  evtVpcChange,
  evtAccessPolicy,
  evtAuditPolicy,
  evtResponsePolicy,
  evtEventCoverage,
];
