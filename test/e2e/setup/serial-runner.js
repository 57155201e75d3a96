/**
 * The e2e project's runner: jest's own, marked serial. Its test files share one emulator (started in
 * global-setup.ts) and reset it between files, so they must not overlap; the unit project keeps its
 * parallel workers (jest runs one runner's files after the other's).
 */
const TestRunner = require('jest-runner').default;

class SerialTestRunner extends TestRunner {
  get isSerial() {
    return true;
  }
}

module.exports = SerialTestRunner;
