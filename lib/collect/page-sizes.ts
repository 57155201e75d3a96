/**
 * The largest page each list API accepts (EC2 / CloudTrail / Organizations API reference, "MaxResults
 * Valid Range"). Fewer, fuller pages = fewer calls = less throttling. A value above an API's maximum
 * is rejected with InvalidParameterValue by some EC2 APIs (route tables, NACLs), so each is named.
 */
export const PAGE_SIZE = {
  DescribeInstances: 1000,
  DescribeNetworkInterfaces: 1000,
  DescribeSecurityGroups: 1000,
  /** 5–1000. */
  DescribeSecurityGroupRules: 1000,
  /** 1–100. */
  DescribeManagedPrefixLists: 100,
  /** 1–100. */
  GetManagedPrefixListEntries: 100,
  /** 5–100. */
  DescribeNetworkAcls: 100,
  DescribeSubnets: 1000,
  /** 5–100. */
  DescribeRouteTables: 100,
  DescribeVpcs: 1000,
  DescribeVpcPeeringConnections: 1000,
  DescribeFlowLogs: 1000,
  /** Larger values are capped by EC2 to its page maximum rather than rejected. */
  DescribeVolumes: 1000,
  DescribeSnapshots: 1000,
  DescribeImages: 1000,
  /** 1–200. */
  DescribeLaunchTemplateVersions: 200,
  /** LookupEvents returns at most 50 events a page. */
  LookupEvents: 50,
  /** 1–20. */
  ListAccounts: 20,
} as const;

/** Filter values per filter in one EC2 call: EC2 accepts up to 200 values in a filter. */
export const FILTER_VALUES_MAX = 200;
