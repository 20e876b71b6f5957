/**
 * The bench's world in the emulator: ADMINS full administrators, each in an org of its own (so concurrent
 * admins never touch the same org's rules and the call sequence stays that of a plain change), each in a
 * 1:1 space with the bot, and their sign-ins stored as the bot's token store keeps them.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Emulator } from '../src/emulator/index.js';
import { ROLE_IDS } from '../src/emulator/ids.js';
import { PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE } from '../src/auth/scopes.js';
import { createRedisKeyValueStore } from '../src/store/redis-key-value-store.js';
import { createTokenStore } from '../src/store/token-store.js';
import { createTokenCipher } from '../src/store/token-cipher.js';

export interface BenchAdmin {
  id: string;
  orgId: string;
  roomId: string;
  token: string;
}

export interface BenchWorld {
  bot: { id: string; token: string };
  admins: BenchAdmin[];
  /** Person id -> access token, for replaying the calls of one interaction (the limit). */
  tokenOf: Map<string, string>;
  prefix: string;
  tokenKey: string;
  webhookSecret: string;
}

const SCOPES = [PEOPLE_READ, TELEPHONY_READ, TELEPHONY_WRITE];

export async function seedBenchWorld(em: Emulator, redis: Redis, count: number): Promise<BenchWorld> {
  const first = em.seedWorld({
    org: 'Bench Org 1',
    admins: [{ email: 'a0@bench.test', displayName: 'Admin 0' }],
    bot: { email: 'bench@webex.bot', displayName: 'Bench Bot' },
    spaces: { direct: 'admin' },
  });
  const people = [{ person: first.admin, orgId: first.org.id, roomId: first.dm.id }];
  for (let i = 1; i < count; i++) {
    const org = em.createOrg({ displayName: `Bench Org ${i + 1}` });
    const person = em.createPerson({
      email: `a${i}@bench.test`,
      displayName: `Admin ${i}`,
      orgId: org.id,
      role: 'full_admin',
    });
    const room = em.createRoom({ type: 'direct', memberIds: [person.id, first.bot.person.id] });
    people.push({ person, orgId: org.id, roomId: room.id });
  }
  const prefix = `vmbot-bench:${randomBytes(4).toString('hex')}:`;
  const tokenKey = randomBytes(32).toString('base64');
  const tokens = createTokenStore(
    createRedisKeyValueStore(redis, prefix),
    createTokenCipher(Buffer.from(tokenKey, 'base64')),
  );
  const tokenOf = new Map<string, string>([[first.bot.person.id, first.bot.token]]);
  const admins: BenchAdmin[] = [];
  for (const p of people) {
    const token = em.issueToken(p.person.id, SCOPES);
    tokenOf.set(p.person.id, token);
    await tokens.put({
      personId: p.person.id,
      orgId: p.orgId,
      accessToken: token,
      scopes: SCOPES,
      // As a sign-in keeps them: otherwise the first command of each admin reads them, and is counted.
      roles: [ROLE_IDS.full_admin],
      source: 'cli',
      updatedAt: Date.now(),
    });
    admins.push({ id: p.person.id, orgId: p.orgId, roomId: p.roomId, token });
  }
  return {
    bot: { id: first.bot.person.id, token: first.bot.token },
    admins,
    tokenOf,
    prefix,
    tokenKey,
    webhookSecret: randomBytes(18).toString('hex'),
  };
}

/** Deletes every key under the prefix (SCAN, not KEYS: the Redis may be shared). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.del(...keys);
  } while (cursor !== '0');
  return n;
}
