/**
 * Sane limits on what vmaudit reads and writes, in one place (README "Limits" lists them). Inputs
 * beyond them are refused with a clear error instead of exhausting memory or time; strings that
 * enter a report are bounded, visibly, so one hostile tag cannot make a report of hundreds of MB.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** A policy file: real policies are a few KiB; 1 MiB already holds tens of thousands of exceptions. */
export const MAX_POLICY_FILE_BYTES = 1 * MiB;

/**
 * One file of CloudTrail records, after gunzip: CloudTrail delivers files of a few MB and a
 * lookup-events page is 50 events; larger inputs are split with `jq` or read from S3 in parts.
 */
export const MAX_EVENTS_FILE_BYTES = 256 * MiB;

/**
 * One string value in a snapshot (a tag, a name, a description). AWS allows 256 characters for a tag
 * value and 255 for a description; 64 KiB leaves room for anything a collector or a tool writes.
 */
export const MAX_SNAPSHOT_STRING_CHARS = 64 * KiB;

/** Nesting of a snapshot or CloudTrail document: real ones nest fewer than 20 levels. */
export const MAX_JSON_DEPTH = 256;

/** One string in a finding (message, resource id, a tag or evidence value) as reports show it. */
export const MAX_REPORT_STRING_CHARS = 4 * KiB;
