import assert from 'node:assert/strict';
import express from 'express';
import type { DemoWorld, Emulator } from '../../src/emulator/index.js';
import { createLogger } from '../../src/log/create-logger.js';
import { createSandboxApi } from '../../src/sandbox/sandbox-api.js';
import { describeWorld } from '../../src/sandbox/sandbox-world.js';
import { readOnlyStore } from '../../src/sandbox/read-only-store.js';
import { createMemoryKeyValueStore } from '../../src/store/memory-key-value-store.js';
import { createOrgSelection, type OrgSelection } from '../../src/store/org-selection.js';
import { getEmulator } from '../helpers/emulator.js';
import { listenLocal, type LocalServer } from '../helpers/listen-local.js';

interface Snapshot {
  rules: { orgName: string; chosen: boolean } | null;
}

/** The sandbox page's snapshot API on the emulator's demo world: which org's rules the panel gets. */
describe('sandbox API: the rules panel follows the bot’s org choice (emulator)', () => {
  let em: Emulator;
  let demo: DemoWorld;
  let server: LocalServer | undefined;
  const kv = createMemoryKeyValueStore();
  const bot = createOrgSelection(kv);

  const serve = async (orgChoices: Pick<OrgSelection, 'get'>) => {
    const log = createLogger({ level: 'silent' });
    const world = describeWorld({ em, demo, rooms: demo.rooms, persistent: false });
    const app = express();
    app.use(createSandboxApi({ em, demo, rooms: demo.rooms, world, log, orgChoices }));
    server = await listenLocal(app);
    return async (person: string): Promise<Snapshot> => {
      const res = await fetch(`${server!.base}/sandbox/api/snapshot?person=${person}`);
      assert.equal(res.status, 200);
      return (await res.json()) as Snapshot;
    };
  };

  before(async () => {
    em = await getEmulator();
    em.reset();
    demo = em.seedDemo();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('each person’s own org until they choose one with /org use, then that org, said to be chosen', async () => {
    const snapshot = await serve(createOrgSelection(readOnlyStore(kv)));
    const before = await snapshot('pat');
    assert.deepEqual([before.rules?.orgName, before.rules?.chosen], ['Partner Services', false]);
    const globex = demo.orgs.globex;
    await bot.set(demo.people.pat.id, { orgId: globex.id, displayName: globex.displayName });
    const pat = await snapshot('pat');
    assert.deepEqual([pat.rules?.orgName, pat.rules?.chosen], ['Globex', true]);
    const alice = await snapshot('alice');
    assert.deepEqual([alice.rules?.orgName, alice.rules?.chosen], ['Acme Corp', false]);
  });

  it('shows no org’s rules when the bot’s store does not answer, rather than guessing one', async () => {
    const snapshot = await serve({ get: () => Promise.reject(new Error('store down')) });
    assert.equal((await snapshot('pat')).rules, null);
  });
});
