/** How global-setup.ts tells the e2e test files where the emulator runs. */
export const E2E_ENV = {
  endpoint: 'VMAUDIT_E2E_ENDPOINT',
  port: 'VMAUDIT_E2E_PORT',
  stateDir: 'VMAUDIT_E2E_STATE',
  eventsFile: 'VMAUDIT_E2E_EVENTS',
} as const;
