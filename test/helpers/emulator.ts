import { startEmulator, type Emulator } from '../../src/emulator/index.js';

/**
 * One emulator per mocha process. The Webex SDK reads HYDRA_SERVICE_URL / U2C_SERVICE_URL once, when it is
 * first loaded, and mocha runs every test file in one process: so the emulator starts once, the variables
 * are set before anything loads the SDK, and every test file shares the instance (call `reset()` to start
 * from a clean state).
 */
let started: Promise<Emulator> | undefined;

export function getEmulator(): Promise<Emulator> {
  started ??= startEmulator({
    // The process may exit while the shared emulator still listens.
    unref: true,
    log: process.env.EMULATOR_LOG ? (msg) => console.log(`[emulator] ${msg}`) : undefined,
  }).then((em) => {
    process.env.HYDRA_SERVICE_URL = em.apiBase;
    process.env.U2C_SERVICE_URL = em.u2cBase;
    return em;
  });
  return started;
}

/** For a root `afterAll` hook: stops the shared emulator if one was started. */
export async function closeEmulator(): Promise<void> {
  // In parallel mode root hooks run after every file, while the worker process (and the SDK's URLs) lives
  // on for its next file; the unref'd emulator goes with the worker.
  if (process.env.MOCHA_WORKER_ID !== undefined) return;
  if (!started) return;
  const em = await started;
  started = undefined;
  await em.close();
}
