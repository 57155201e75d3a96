/**
 * Sane limits on what vmaudit reads, in one place (docs/cli.md "Limits" lists them; a test keeps
 * the page in step). Inputs beyond them are refused with a clear error naming the file and place,
 * instead of exhausting memory or time.
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

/**
 * One string a finding carries into findings.json and the exports (its message, an evidence value, a
 * tag): cut beyond this with a visible "…(truncated, N bytes)". 8 KiB holds any real message or
 * policy document excerpt; a 64 KiB tag copied into every finding of its instance would not scale.
 */
export const MAX_FINDING_STRING_CHARS = 8 * KiB;

/** Nesting of a snapshot or CloudTrail document: real ones nest fewer than 20 levels. */
export const MAX_JSON_DEPTH = 256;
