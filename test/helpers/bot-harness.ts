import { randomBytes } from 'node:crypto';
import { freePort } from '../../src/net/free-port.js';
import type { LiveConfig } from '../../src/config.js';
import { startBot, type RunningBot, type StartOptions } from '../../src/start-bot.js';
import type { Emulator, EmPerson, SubmitOptions } from '../../src/emulator/index.js';
import { getEmulator } from './emulator.js';
import { openTestRedis, REDIS_URL, type TestRedis } from './redis.js';
import { captureLog, type CapturedLog } from './capture-log.js';
import { emulatorLiveConfig } from '../../src/sandbox/emulator-live-config.js';
import {
  ORGS_READ,
  PEOPLE_READ,
  SIGN_IN_SCOPES,
  TELEPHONY_READ,
  TELEPHONY_WRITE,
} from '../../src/auth/scopes.js';

/** What `grant` gives by default: everything a full administrator's sign-in grants. */
export const ADMIN_SCOPES = [TELEPHONY_READ, TELEPHONY_WRITE, PEOPLE_READ, ORGS_READ];

export { freePort };

export interface World {
  em: Emulator;
  org: { id: string; displayName: string };
  bot: { id: string; token: string; displayName: string };
  admin: EmPerson;
  readOnly: EmPerson;
  user: EmPerson;
  dm: { id: string };
  group: { id: string };
}

/** A demo org in the emulator: a full admin, a read-only admin, a non-admin, a bot, a 1:1 and a group space. */
export async function seedWorld(): Promise<World> {
  const em = await getEmulator();
  em.reset();
  const w = em.seedWorld({
    org: 'Acme Test Org',
    admins: [{ email: 'alice@acme.test', displayName: 'Alice Admin' }],
    readOnly: { email: 'rob@acme.test', displayName: 'Rob Reader' },
    user: { email: 'uma@acme.test', displayName: 'Uma User' },
    bot: { email: 'vmbot@webex.bot', displayName: 'Voicemail Bot' },
    spaces: { direct: 'admin', group: 'Voice team' },
  });
  if (!w.group) throw new Error('seedWorld: no group space');
  return {
    em,
    org: w.org,
    bot: { id: w.bot.person.id, token: w.bot.token, displayName: w.bot.person.displayName },
    admin: w.admin,
    readOnly: w.readOnly,
    user: w.user,
    dm: w.dm,
    group: w.group,
  };
}

export interface Harness extends World {
  running: RunningBot;
  config: LiveConfig;
  logs: CapturedLog;
  store: TestRedis;
  /** Give a person a stored token (as the operator CLI would) and return it. */
  grant(personId: string, scopes?: string[]): Promise<string>;
  /** Everything the bot has said in a room, newest last. */
  botSaid(roomId: string): { text: string; markdown?: string; attachments?: unknown[]; id: string }[];
  /** The 1:1 space of the bot and a person, if there is one (the bot's private messages go there). */
  directRoomOf(personId: string): string | undefined;
  /** The sign-in link in the newest message the bot sent a person privately (in their 1:1 space). */
  privateSignInLink(personId: string): string;
  /** Wait for the bot's next message in a room after `after` messages. */
  nextReply(roomId: string, after: number, timeoutMs?: number): Promise<Reply>;
  /**
   * A person says `text` in a room and the bot's next reply comes back. With `mention`, the bot is
   * mentioned and (as a Webex client does) its name is written in front unless the text has it already.
   */
  ask(
    roomId: string,
    who: string,
    text: string,
    opts?: { mention?: boolean; timeoutMs?: number },
  ): Promise<Reply>;
  /** A person presses a card's Submit as a Webex client would; the bot's next reply in the room comes back. */
  submit(
    roomId: string,
    who: string,
    card: { id: string },
    inputs: Record<string, string>,
    opts?: SubmitOptions & { timeoutMs?: number },
  ): Promise<Reply>;
  /** Stop this bot instance only (its world and Redis prefix stay for an instance alongside). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export interface Reply {
  markdown?: string;
  text: string;
  attachments?: { content: unknown }[];
  id: string;
}

export interface BrowserHop {
  url: string;
  status: number;
  location?: string;
  body: string;
}

/**
 * Follow a sign-in link as a browser would (redirects by hand, so each hop can be checked), with the
 * emulator approving as `asPersonId`.
 */
export async function followSignIn(
  em: Emulator,
  link: string,
  asPersonId: string | null,
): Promise<BrowserHop[]> {
  em.autoApprove(asPersonId);
  const hops: BrowserHop[] = [];
  let url = link;
  for (let i = 0; i < 6; i++) {
    const res = await fetch(url, { redirect: 'manual' });
    const location = res.headers.get('location') ?? undefined;
    hops.push({ url, status: res.status, location, body: await res.text() });
    if (res.status < 300 || res.status >= 400 || !location) break;
    url = new URL(location, url).toString();
  }
  em.autoApprove(null);
  return hops;
}

export function signInLink(markdown: string | undefined): string {
  const m = /\((https?:\/\/[^)\s]+\/oauth\/login\?[^)\s]+)\)/.exec(markdown ?? '');
  if (!m?.[1]) throw new Error(`no sign-in link in: ${markdown}`);
  return m[1];
}

export const CLIENT_ID = 'C-test-integration-client';
export const CLIENT_SECRET = 'test-client-secret-' + randomBytes(8).toString('hex');

export async function startHarness(
  opts: {
    env?: Record<string, string>;
    start?: Partial<StartOptions>;
    /** Configure the bot with an OAuth integration and register it with the emulator. */
    oauth?: boolean;
    /** Change the world before the bot starts. */
    seed?: (w: World) => void;
    /** A second instance: same emulator world and Redis prefix as this one (closing it leaves them be). */
    alongside?: Harness;
    port?: number;
    /** Another Redis server than the shared one (a test that stops and restarts its own). */
    redisUrl?: string;
    /**
     * Redis through Sentinel instead of a URL: the bot gets these as REDIS_SENTINELS, REDIS_SENTINEL_NAME,
     * REDIS_PASSWORD and REDIS_SENTINEL_PASSWORD; the test's own connection finds the primary the same way.
     */
    sentinel?: {
      sentinels: { host: string; port: number }[];
      name: string;
      password?: string;
      sentinelPassword?: string;
    };
  } = {},
): Promise<Harness> {
  const world: World = opts.alongside ?? (await seedWorld());
  opts.seed?.(world);
  const redisUrl = opts.redisUrl ?? opts.alongside?.config.REDIS_URL ?? REDIS_URL;
  const sentinel = opts.sentinel;
  const store =
    opts.alongside?.store ??
    (await openTestRedis(
      sentinel
        ? {
            sentinels: sentinel.sentinels,
            name: sentinel.name,
            password: sentinel.password,
            sentinelPassword: sentinel.sentinelPassword,
          }
        : redisUrl,
    ));
  const logs = captureLog();
  const port = opts.port ?? (await freePort());
  const config = emulatorLiveConfig(
    { apiBase: world.em.apiBase, botToken: world.bot.token },
    { PORT: port },
    {
      ...(sentinel
        ? {
            REDIS_SENTINELS: sentinel.sentinels.map((a) => `${a.host}:${a.port}`).join(','),
            REDIS_SENTINEL_NAME: sentinel.name,
            ...(sentinel.password ? { REDIS_PASSWORD: sentinel.password } : {}),
            ...(sentinel.sentinelPassword ? { REDIS_SENTINEL_PASSWORD: sentinel.sentinelPassword } : {}),
          }
        : { REDIS_URL: redisUrl }),
      REDIS_KEY_PREFIX: store.prefix,
      ...(opts.alongside ? { TOKEN_ENCRYPTION_KEY: opts.alongside.config.TOKEN_ENCRYPTION_KEY } : {}),
      ...(opts.oauth ? { WEBEX_CLIENT_ID: CLIENT_ID, WEBEX_CLIENT_SECRET: CLIENT_SECRET } : {}),
      ...opts.env,
    },
  );
  for (const s of [
    config.WEBEX_BOT_TOKEN,
    config.WEBHOOK_SECRET,
    config.WEBHOOK_SECRET_PREVIOUS,
    config.TOKEN_ENCRYPTION_KEY,
  ])
    logs.secrets.add(s);
  const running = await startBot(config, {
    log: logs.log,
    registrationRetryMs: 100,
    webexBaseDelayMs: 10,
    webexTimeoutMs: 2000,
    webexMaxRetryAfterMs: 3000,
    ...opts.start,
  });
  if (opts.oauth) {
    world.em.registerIntegration({
      name: 'voicemail-rules-bot',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${config.PUBLIC_URL}/oauth/callback`],
      scopes: SIGN_IN_SCOPES,
    });
  }
  await running.whenReady();
  const em = world.em;
  let stopped: Promise<void> | undefined;
  const stopOnce = () => (stopped ??= running.close());
  // Every message the bot posted, deleted ones included (it deletes a form once it is used), so that
  // "the Nth reply" does not shift when a card goes away.
  const botSaid = (roomId: string) =>
    [...em.state.messages.values()].filter(
      (m) => m.roomId === roomId && m.personId === world.bot.id,
    ) as unknown as ReturnType<Harness['botSaid']>;
  const nextReply: Harness['nextReply'] = async (roomId, after, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const said = botSaid(roomId);
      if (said.length > after) return said[after] as Reply;
      if (Date.now() > deadline) {
        throw new Error(
          `no bot reply in room after ${after} messages; bot said: ${JSON.stringify(said.map((m) => m.markdown ?? m.text))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    em: world.em,
    org: world.org,
    bot: world.bot,
    admin: world.admin,
    readOnly: world.readOnly,
    user: world.user,
    dm: world.dm,
    group: world.group,
    running,
    config,
    logs,
    store,
    async grant(personId, scopes = ADMIN_SCOPES) {
      const token = em.issueToken(personId, scopes);
      await running.tokens.put({
        personId,
        // The person's own org, as a sign-in would record it (a partner's is not the world's org).
        orgId: em.state.people.get(personId)?.orgId ?? world.org.id,
        accessToken: token,
        scopes,
        source: 'cli',
        updatedAt: Date.now(),
      });
      logs.secrets.add(token);
      return token;
    },
    botSaid,
    directRoomOf: (personId) => em.state.directRoom(world.bot.id, personId)?.id,
    privateSignInLink(personId) {
      const room = em.state.directRoom(world.bot.id, personId);
      if (!room) throw new Error(`no 1:1 space of the bot with ${personId}`);
      return signInLink(botSaid(room.id).at(-1)?.markdown);
    },
    nextReply,
    async ask(roomId, who, text, { mention = false, timeoutMs } = {}) {
      const before = botSaid(roomId).length;
      await em.say(who, roomId, text, mention ? { mention: [world.bot.id] } : undefined);
      return nextReply(roomId, before, timeoutMs);
    },
    async submit(roomId, who, card, inputs, { timeoutMs, ...submitOpts } = {}) {
      const before = botSaid(roomId).length;
      await em.submitCard(who, card.id, inputs, submitOpts);
      return nextReply(roomId, before, timeoutMs);
    },
    async stop() {
      await stopOnce();
    },
    async close() {
      await stopOnce();
      if (!opts.alongside) await store.cleanup();
    },
  };
}
