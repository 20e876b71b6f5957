import { closeEmulator } from './emulator.js';

/** The shared emulator (see emulator.ts) is stopped once, after every test file has run. */
export const mochaHooks = {
  async afterAll() {
    await closeEmulator();
  },
};
