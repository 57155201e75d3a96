#!/usr/bin/env node
import { runCli } from '../lib/cli/program';
import { endQuietlyOnClosedPipe } from '../lib/cli/terminal';

endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
