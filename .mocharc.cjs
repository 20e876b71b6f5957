'use strict';
// Tests run from TypeScript source through tsx; one process shares one emulator (the Webex SDK reads its
// API base from the environment once, when it is first loaded).
module.exports = {
  'node-option': ['import=tsx'],
  spec: ['test/**/*.test.ts'],
  require: ['test/helpers/root-hooks.ts'],
  timeout: 20000,
  exit: true,
};
