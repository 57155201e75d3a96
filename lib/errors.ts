/**
 * Named, actionable errors. Each says what was wrong, where (file, line, path) and how to fix it.
 * The CLI prints `message` alone (no stack trace) and exits with `exitCode`.
 */
export class VmauditError extends Error {
  /** 2 = bad input the user can fix; 1 = the audit ran and found something at or above --fail-on. */
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface PolicyProblem {
  /** 1-based line in the policy file, when known. */
  line?: number;
  /** 1-based column, for YAML syntax errors. */
  column?: number;
  /** Dotted path inside the policy, e.g. rules.ec2-sg-authorized-ports.tcpPorts[2]. */
  path: string;
  message: string;
}

export class PolicyFileError extends VmauditError {
  constructor(readonly file: string, readonly problems: PolicyProblem[]) {
    super(
      `PolicyFileError: ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''} ${p.path || '(top level)'}: ${p.message}`).join('\n') +
        `\nFix the policy file and check it with: vmaudit policy validate ${file}`,
    );
  }
}

export interface SnapshotProblem {
  /** JSON path of the bad value, e.g. $.instances[3].metadataOptions.httpTokens. */
  path: string;
  message: string;
}

export class SnapshotFileError extends VmauditError {
  constructor(readonly file: string, readonly problems: SnapshotProblem[], hint = 'Re-create it with `vmaudit scan`, or fix the values named above.') {
    const shown = problems.slice(0, 20);
    super(
      `SnapshotFileError: ${file} is not a valid vmaudit snapshot (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        shown.map((p) => `  ${p.path}: ${p.message}`).join('\n') +
        (problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '') +
        `\n${hint}`,
    );
  }
}

export class UsageError extends VmauditError {}

/** Thrown by the CLI when --fail-on matched: not a crash, a verdict. */
export class GateFailedError extends VmauditError {
  override readonly exitCode = 1;
}

/**
 * Deployment or Lambda configuration that cannot work (a malformed e-mail, an unknown region, a
 * schedule AWS would reject, a missing environment variable). Thrown at `cdk synth` or at a Lambda's
 * cold start, before anything is deployed or read; lists every problem with where it was set.
 */
export class ConfigError extends VmauditError {
  constructor(readonly problems: readonly { key: string; message: string }[], readonly source = 'vmaudit configuration') {
    super(
      `ConfigError: ${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.key}: ${p.message}`).join('\n'),
    );
  }
}
