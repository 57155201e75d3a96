/**
 * The collection layer's own vocabulary. SDK clients come in (injected, so tests use
 * aws-sdk-client-mock), domain objects of lib/model go out; SDK shapes never leave a collector.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { S3Client } from '@aws-sdk/client-s3';
import type * as t from '../model/types';
import type { CursorOptions, EventCursor } from '../events/cursor';

/** The resource lists of a snapshot: what a target's collection fills. */
export type ResourceLists = Omit<t.Snapshot, 'schemaVersion' | 'generatedAt' | 'source' | 'targets'>;

export function emptyLists(): ResourceLists {
  return {
    instances: [], networkInterfaces: [], securityGroups: [], prefixLists: [], networkAcls: [], subnets: [], routeTables: [],
    vpcs: [], peeringConnections: [], transitGateways: [], transitGatewayAttachments: [], transitGatewayRouteTables: [], flowLogs: [], volumes: [], snapshots: [], images: [], ebsEncryptionByDefault: [], launchTemplateVersions: [], regionSettings: [],
    trails: [], trailBuckets: [], events: [], eventWindows: [], coverageGaps: [], inventoryReads: [],
  };
}

/** One client per service a target's collectors read, keyed by the service's IAM prefix. */
export interface TargetClients {
  ec2: EC2Client;
  cloudtrail: CloudTrailClient;
  s3: S3Client;
}

/** Time, injectable so pacing tests and benchmarks do not wait for real seconds. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface EventOptions {
  enabled: boolean;
  /**
   * The target's cursor from the previous run (lib/events/cursor.ts): the window starts where the last
   * one ended, minus the re-read strip (lag + overlap), and the events it already counted are dropped.
   * The next cursor comes back in `TargetResult.eventCursor`. Without one, the first window is `lookbackMs`.
   */
  cursor?: EventCursor;
  /** Explicit start (`vmaudit scan --since`): wins over the cursor's window (the cursor still drops what it counted). */
  since?: Date;
  /** Re-read this much before `since`: CloudTrail delivers events to LookupEvents with a delay. */
  overlapMs: number;
  /** Window length when there is no previous run. */
  lookbackMs: number;
  /** Stop reading a region after this many distinct events (reported as `capped`). */
  maxPerRegion: number;
  /** Minimum gap between two LookupEvents calls in one region. */
  minIntervalMs: number;
  /** Cursor tuning (lagMinutes, maxWindowMinutes, maxTail, …); overlap and first window come from overlapMs and lookbackMs. */
  cursorOptions?: Partial<CursorOptions>;
  /** Which events ride along in the cursor as burst context, and how long: `burstContextOf(policy)`. */
  burstContext?: { isTailEvent(e: t.AuditEvent): boolean; tailMinutes: number };
  /** With read budget left after the window, read the earlier ranges the cap left unread (cursor `missed`). */
  readBacklog: boolean;
  /**
   * LookupEvents pages of ReadOnly=true events to read over the window, keeping only the denied calls
   * and the root user's (0: none). Set to READ_ONLY_PAGES when a rule that needs them runs
   * (`readOnlyPagesFor`); a window with more read-only events than that is recorded as capped.
   */
  readOnlyPages: number;
}

export const DEFAULT_EVENT_OPTIONS: EventOptions = {
  enabled: true,
  overlapMs: 5 * 60_000,
  lookbackMs: 24 * 3_600_000,
  maxPerRegion: 5_000,
  // CloudTrail allows 2 LookupEvents calls per second per account and region; half that leaves
  // room for the console and other tools reading the same account.
  minIntervalMs: 1_000,
  readBacklog: true,
  readOnlyPages: 0,
};

export type StepStatus = 'start' | 'done' | 'gap';

/** One line of progress: a collector starting or finishing in a target, or an API failing. */
export interface StepEvent {
  accountId: string;
  region: string;
  service: string;
  collector: string;
  status: StepStatus;
  /** Items collected (done) . */
  count?: number;
  api?: string;
  errorCode?: string;
  message?: string;
}

export interface CollectOptions {
  /** The moment of collection: end of the event window, `generatedAt` of the slice. */
  now: Date;
  events: EventOptions;
  /**
   * Every region this account is scanned in. A trail is collected once, in its home region; a trail
   * whose home region is not scanned is collected in the first scanned region instead.
   */
  scannedRegions?: readonly string[];
  clock: Clock;
  /** Collectors of one service of a target running at once (each service has its own slots). */
  concurrency: number;
  onStep?(e: StepEvent): void;
  /** Free-form log lines (one JSON object each), e.g. "event cap reached". */
  log?(entry: Record<string, unknown>): void;
}

/** What collectors hand back besides resource lists. */
export interface CollectResults {
  /** The event cursor to store for the target's next run (absent when events were not read). */
  eventCursor?: EventCursor;
}

export interface CollectContext {
  readonly target: t.Target;
  /** Name of the collector this context belongs to (progress lines). */
  readonly collector: string;
  readonly clients: TargetClients;
  readonly options: CollectOptions;
  /** Where this collector writes what it reads. */
  readonly out: ResourceLists;
  /** What phase 1 collected in this target (read-only; empty during phase 1). */
  readonly collected: Readonly<ResourceLists>;
  /** Calls per `service:Action` made by this target (each page counts once; SDK retries do not). */
  readonly calls: Map<string, number>;
  /** Shared by the collectors of the target. */
  readonly results: CollectResults;
}

export type ServiceName = keyof TargetClients;

export interface Collector {
  /** Short name shown in progress lines, e.g. `instances`. */
  readonly name: string;
  readonly service: ServiceName;
  /**
   * Every API the collector may call, `service:Action`: the IAM actions the stack grants, except where
   * IAM_ACTION_OF_API (registry.ts) names a differently spelled action. Coverage gaps and inventory
   * reads name the API.
   */
  readonly permissions: readonly string[];
  /** Phase 2 collectors run after phase 1 and may read what it collected (e.g. the images instances use). */
  readonly phase: 1 | 2;
  /**
   * Phase 2 only: the services whose phase-1 data it reads. It starts as soon as those are done, so a
   * service that hangs until the deadline holds back only the collectors that need its data.
   * Default: every service.
   */
  readonly needs?: readonly ServiceName[];
  collect(ctx: CollectContext): Promise<void>;
}
