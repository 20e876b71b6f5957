'use strict';
// Tests run from TypeScript source through tsx; one process shares one emulator (the Webex SDK reads its
// API base from the environment once, when it is first loaded).
module.exports = {
  'node-option': ['import=tsx'],
  // TEST_SPEC (space-separated globs) narrows the run: CI's Node 26 pass takes a subset (see .ci/run).
  spec: process.env.TEST_SPEC ? process.env.TEST_SPEC.split(/\s+/).filter(Boolean) : ['test/**/*.test.ts'],
  require: ['test/helpers/root-hooks.ts'],
  timeout: 20000,
  exit: true,
  // Most of a test's time is spent waiting on loopback HTTP and deadlines, not CPU: three workers (each its
  // own emulator) fit the 2-core machine and halve the run.
  parallel: true,
  jobs: 3,
};
