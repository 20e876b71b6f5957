import assert from 'node:assert/strict';
import express from 'express';
import type { DemoWorld, Emulator } from '../../src/emulator/index.js';
import { createLogger } from '../../src/log/create-logger.js';
import { createSandboxApi } from '../../src/sandbox/sandbox-api.js';
import { describeWorld } from '../../src/sandbox/sandbox-world.js';
import { readOnlyStore } from '../../src/sandbox/read-only-store.js';
import { createMemoryKeyValueStore } from '../../src/store/memory-key-value-store.js';
import { createRedisKeyValueStore } from '../../src/store/redis-key-value-store.js';
import {
  createChangeHistory,
  type ChangeHistory,
  type HistoryEntry,
} from '../../src/store/change-history.js';
import { createOrgSelection, type OrgSelection } from '../../src/store/org-selection.js';
import type { PageHistory, PagePerson } from '../../src/sandbox/sandbox-snapshot.js';
import { NAME_CHARS } from '../../src/short-name.js';
import { getEmulator } from '../helpers/emulator.js';
import { call } from '../helpers/emulator-api.js';
import { listenLocal, type LocalServer } from '../helpers/listen-local.js';
import { openTestRedis, type TestRedis } from '../helpers/redis.js';

interface Snapshot {
  rules: { orgId: string; orgName: string; chosen: boolean } | null;
  history: PageHistory | null;
  people: PagePerson[] | null;
}

const HOSTILE_NAME = '<img src=x onerror=alert(1)> [Sign in](https://evil.example/) **URGENT**';

/** The sandbox page's snapshot API on the emulator's demo world: which org's rules the panel gets. */
describe('sandbox API: the rules panel follows the bot’s org choice (emulator)', () => {
  let em: Emulator;
  let demo: DemoWorld;
  let server: LocalServer | undefined;
  let redis: TestRedis;
  /** The bot's history as the bot keeps it: a stream per org in real Redis. */
  let history: ChangeHistory;
  const kv = createMemoryKeyValueStore();
  const bot = createOrgSelection(kv);

  const serve = async (
    orgChoices: Pick<OrgSelection, 'get'>,
    changes: Pick<ChangeHistory, 'newest'> = history,
  ) => {
    const log = createLogger({ level: 'silent' });
    const world = describeWorld({ em, demo, rooms: demo.rooms, persistent: false });
    const app = express();
    app.use(createSandboxApi({ em, demo, rooms: demo.rooms, world, log, orgChoices, history: changes }));
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
    redis = await openTestRedis();
    history = createChangeHistory(createRedisKeyValueStore(redis.redis, redis.prefix), { maxEntries: 100 });
  });
  after(async () => {
    await redis?.cleanup();
  });
  beforeEach(() => bot.clear(demo.people.pat.id));
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('the demo gives Pat a handful of customer orgs (Acme, Globex and four more) with rules that differ, as Webex lists them to him', async () => {
    const token = em.issueToken(demo.people.pat.id, ['spark-admin:organizations_read']);
    const res = await call(em, 'GET', '/organizations', { token });
    assert.equal(res.status, 200);
    const names = (res.body.items as { displayName: string }[]).map((o) => o.displayName);
    assert.deepEqual(names, [
      'Partner Services',
      'Acme Corp',
      'Globex',
      'Initech',
      'Vandelay Industries',
      'Umbrella Clinics',
      'Wonka Foods',
    ]);
    assert.deepEqual(
      demo.orgs.customers.map((o) => o.displayName),
      ['Initech', 'Vandelay Industries', 'Umbrella Clinics', 'Wonka Foods'],
    );
    // Varied: no two customers have the same expiry, change and history settings.
    const settings = [demo.orgs.acme, demo.orgs.globex, ...demo.orgs.customers].map((o) => {
      const r = em.voicemailRules(o.id) as Record<string, unknown>;
      return JSON.stringify([r.expirePasscode, r.changePasscode, r.blockPreviousPasscodes]);
    });
    assert.ok(new Set(settings).size >= 4, settings.join('\n'));
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
    const pat = await snapshot('pat');
    assert.deepEqual([pat.rules, pat.history, pat.people], [null, null, null]);
  });

  it('the panel’s org’s newest changes from the bot’s history, newest first, names as data, never a PIN', async () => {
    const acme = demo.orgs.acme;
    const entry = (at: string, over: Partial<HistoryEntry>): HistoryEntry => ({
      at,
      kind: 'rules',
      by: { personId: demo.people.alice.id, displayName: 'Alice Admin', email: 'alice@acme.example' },
      org: { id: acme.id, name: acme.displayName },
      changes: [],
      outcome: 'certain',
      ...over,
    });
    await history.append(
      entry('2030-01-01T10:00:00.000Z', {
        changes: [{ setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 45 days' }],
      }),
    );
    await history.append(
      entry('2030-01-01T10:05:00.000Z', {
        by: { personId: 'x', displayName: HOSTILE_NAME + 'x'.repeat(200), email: 'mallory@acme.example' },
        changes: [
          { setting: 'Default voicemail PIN', before: 'off', after: 'on' },
          { setting: 'Default PIN', after: 'set (not shown)' },
        ],
        pin: 'set',
        outcome: 'uncertain',
        readBack: 'unconfirmed',
      }),
    );
    await history.append(entry('2030-01-01T10:10:00.000Z', { kind: 'reset', pin: 'reset' }));
    // Another org's change is not Acme's.
    await history.append(
      entry('2030-01-01T10:15:00.000Z', {
        org: { id: demo.orgs.globex.id, name: 'Globex' },
        changes: [{ setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 30 days' }],
      }),
    );

    const snapshot = await serve(createOrgSelection(readOnlyStore(kv)));
    const alice = await snapshot('alice');
    assert.equal(alice.rules?.orgId, acme.id);
    const got = alice.history!;
    assert.equal(got.unreadable, 0);
    assert.deepEqual(
      got.entries.map((e) => [e.at, e.kind, e.what]),
      [
        ['2030-01-01T10:10:00.000Z', 'reset', 'PIN reset'],
        ['2030-01-01T10:05:00.000Z', 'rules', 'rules changed'],
        ['2030-01-01T10:00:00.000Z', 'rules', 'rules changed'],
      ],
    );
    const [reset, uncertain, first] = got.entries;
    assert.deepEqual(reset!.changes, [{ setting: 'Default PIN', after: 'reset to the org default' }]);
    assert.deepEqual(first, {
      at: '2030-01-01T10:00:00.000Z',
      kind: 'rules',
      what: 'rules changed',
      by: 'Alice Admin',
      changes: [{ setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 45 days' }],
      uncertain: false,
    });
    // A name is handed over as it is (the page sets it as text), cut to the bot's length for names.
    assert.ok(uncertain!.by.startsWith(HOSTILE_NAME));
    assert.equal(Array.from(uncertain!.by).length, NAME_CHARS);
    assert.equal(uncertain!.uncertain, true);
    assert.deepEqual(uncertain!.changes[1], { setting: 'Default PIN', after: 'set (not shown)' });

    // Globex's panel (Pat's choice) shows Globex's change alone.
    await bot.set(demo.people.pat.id, { orgId: demo.orgs.globex.id, displayName: 'Globex' });
    const pat = await snapshot('pat');
    assert.deepEqual(
      pat.history?.entries.map((e) => e.changes[0]?.after),
      ['on, 30 days'],
    );
  });

  it('the history is left out, not the panel, when the store cannot read it', async () => {
    const snapshot = await serve(createOrgSelection(readOnlyStore(kv)), {
      newest: () => Promise.reject(new Error('store down')),
    });
    const alice = await snapshot('alice');
    assert.equal(alice.rules?.orgName, 'Acme Corp');
    assert.equal(alice.history, null);
  });

  it('the panel’s org’s demo users with their PIN state as the emulated Webex holds it, never the PIN', async () => {
    const snapshot = await serve(createOrgSelection(readOnlyStore(kv)));
    const before = await snapshot('alice');
    assert.deepEqual(
      before.people?.map((p) => [p.name, p.pin]),
      demo.users.acme.map((u) => [u.displayName, null]),
    );
    // Pat's own org has no demo users.
    assert.deepEqual((await snapshot('pat')).people, []);

    const token = em.issueToken(demo.people.alice.id, [
      'spark-admin:people_write',
      'spark-admin:telephony_config_write',
    ]);
    const carol = demo.people.carol.id;
    const zoe = demo.users.acme[2]!.id;
    const reset = await call(em, 'POST', `/people/${carol}/features/voicemail/actions/resetPin/invoke`, {
      token,
      body: {},
    });
    assert.equal(reset.status, 204);
    const set = await call(em, 'PUT', `/telephony/config/people/${zoe}/voicemail/passcode`, {
      token,
      body: { passcode: '680357' },
    });
    assert.equal(set.status, 204);

    const res = await fetch(`${server!.base}/sandbox/api/snapshot?person=alice`);
    const raw = await res.text();
    const after = JSON.parse(raw) as Snapshot;
    const byId = new Map(after.people!.map((p) => [p.id, p.pin]));
    const carolPin = byId.get(carol);
    assert.deepEqual(
      { ...carolPin, at: undefined },
      {
        kind: 'reset',
        at: undefined,
        by: 'Alice Admin',
        mustChange: true,
      },
    );
    assert.equal(carolPin?.at, em.voicemailOf(carol).pinResetAt);
    assert.deepEqual(
      { ...byId.get(zoe), at: undefined },
      {
        kind: 'set',
        at: undefined,
        by: 'Alice Admin',
        mustChange: false,
      },
    );
    const defaultPin = em.storedPin(demo.orgs.acme.id)!;
    assert.ok(!raw.includes(defaultPin) && !raw.includes('680357') && !raw.includes('"passcode"'), raw);
  });
});
