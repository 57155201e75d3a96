/** The logging a pipeline step needs: Powertools' Logger in Lambda, a fake in tests. */
export interface StepLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: StepLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
