import type { PeopleClient } from '../webex/people-client.js';
import type { DamagedToken, SealState, TokenIndex, TokenStore, TokenSummary } from '../store/token-store.js';
import { WebexApiError } from '../webex/webex-api-error.js';

export interface TokenCommandIo {
  stdin: AsyncIterable<Buffer | string>;
  out(line: string): void;
  err(line: string): void;
  /** Someone at a terminal who can answer a question. */
  interactive: boolean;
  /** Asks on the terminal and resolves with the answer line. */
  ask(question: string): Promise<string>;
}

const USAGE = `usage:
  npm run --silent token -- set <personId> [--expires-in <seconds>] [--refresh-expires-in <seconds>]
      reads the access token from stdin (first line) and, optionally, a refresh token (second line)
  npm run --silent token -- list [--json]
  npm run --silent token -- delete <personId>
  npm run --silent token -- purge <personId>|--all [--yes]
      deletes stored tokens after asking (--yes: without asking; needed when not at a terminal)
  npm run --silent token -- verify [--json]
      checks that every stored token opens with TOKEN_ENCRYPTION_KEY (or TOKEN_ENCRYPTION_KEY_PREVIOUS)
  npm run --silent token -- rekey [--json]
      re-seals every token opened with TOKEN_ENCRYPTION_KEY_PREVIOUS with TOKEN_ENCRYPTION_KEY`;

const NO_KEY =
  'TOKEN_ENCRYPTION_KEY is not set: this command opens tokens and needs the key the bot uses ' +
  '(list, delete and purge work without it)';

/** How an operator recognises a person: the email when the record has one. */
const who = (t: Pick<TokenSummary, 'personId' | 'email'>) =>
  t.email ? `${t.personId} <${t.email}>` : t.personId;

/** Each stored record's state against the configured keys; `reseal` moves old-key records to the current key. */
async function sealStates(
  index: TokenIndex,
  tokens: TokenStore,
  reseal: boolean,
): Promise<{ all: TokenSummary[]; states: Map<string, SealState> }> {
  const all = await index.list();
  const states = new Map<string, SealState>();
  for (const t of all) states.set(t.personId, await tokens.inspect(t.personId, { reseal }));
  return { all, states };
}

async function readLines(stdin: AsyncIterable<Buffer | string>): Promise<string[]> {
  let text = '';
  for await (const chunk of stdin) text += chunk.toString();
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

function flag(args: string[], name: string): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} takes a whole number of seconds`);
  return n;
}

/** A key name came from Redis, not from the bot: its control characters must not drive the terminal. */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

const damagedLine = (d: DamagedToken) =>
  `${printable(d.personId)}  DAMAGED (${d.reason}): counts as signed out; remove with \`npm run --silent token -- purge ${printable(d.personId)}\``;

/** `set` takes only its two options, each with a value: a typo must not store a token without its expiry. */
function unknownSetArgs(rest: string[]): string | null {
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--expires-in' || a === '--refresh-expires-in') {
      i++;
      continue;
    }
    return `unknown argument for set: ${JSON.stringify(a.length > 40 ? `${a.slice(0, 40)}…` : a)}. Nothing stored.`;
  }
  return null;
}

const when = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : 'unknown');

/**
 * The operator's way to give the bot an admin's token until sign-in exists. It never prints a token:
 * not on success, not in an error.
 */
export async function runTokenCommand(
  args: string[],
  deps: {
    /** Metadata only: works without TOKEN_ENCRYPTION_KEY. */
    index: TokenIndex;
    /** Absent when TOKEN_ENCRYPTION_KEY is not set. */
    tokens?: TokenStore;
    people: Pick<PeopleClient, 'me'>;
    io: TokenCommandIo;
    now?: () => number;
    /** What else a person leaves behind once their token is gone (their org choice). */
    forgetPerson?: (personId: string) => Promise<void>;
  },
): Promise<number> {
  const { io } = deps;
  const now = deps.now ?? Date.now;
  const json = args.includes('--json');
  const yes = args.includes('--yes');
  const [cmd, personId] = args.filter((a) => a !== '--json' && a !== '--yes');
  const needKey = () => {
    io.err(NO_KEY);
    return 2;
  };
  /**
   * Sealing with a key the running instances lack signs those admins out at once and makes the next start
   * refuse: a key typed into the operator's shell must be the deployment's own.
   */
  const wrongKey = async (tokens: TokenStore): Promise<number | null> => {
    const recorded = await deps.index.recordedKeyId();
    if (recorded === tokens.keyId) return null;
    if (!recorded) {
      // No start recorded a key (a new deployment, or the id was forgotten): the stored tokens say which key
      // the deployment uses. With none stored, or one sealed with this key, this key is the deployment's.
      const kids = new Set((await deps.index.list()).flatMap((t) => (t.keyId ? [t.keyId] : [])));
      if (kids.size === 0 || kids.has(tokens.keyId)) return null;
      io.err(
        `TOKEN_ENCRYPTION_KEY here has key id ${tokens.keyId}, but the stored tokens were sealed with key id ` +
          `${[...kids].join(', ')}. Sealing with this key would sign admins out on every instance. Use the ` +
          "deployment's TOKEN_ENCRYPTION_KEY. Nothing was changed.",
      );
      return 2;
    }
    io.err(
      `TOKEN_ENCRYPTION_KEY here has key id ${tokens.keyId}, but the deployment seals tokens with key id ` +
        `${recorded} (recorded by its last start). Sealing with this key would sign admins out on every ` +
        "instance. Use the deployment's TOKEN_ENCRYPTION_KEY (while rotating: the new key, once the instances " +
        'run with it). Nothing was changed.',
    );
    return 2;
  };
  try {
    if (cmd === 'list' && !personId) {
      const all = await deps.index.list();
      const damaged = await deps.index.damaged();
      if (json) {
        io.out(JSON.stringify({ tokens: all, damaged }));
        return 0;
      }
      if (all.length === 0 && damaged.length === 0) io.out('no stored tokens');
      for (const d of damaged) io.out(damagedLine(d));
      for (const t of all) {
        io.out(
          `${who(t)}  org=${t.orgId ?? '?'}  source=${t.source}  access-expires=${when(t.accessTokenExpiresAt)}` +
            `  refresh=${t.hasRefreshToken ? `yes (expires ${when(t.refreshTokenExpiresAt)})` : 'no'}` +
            `  key=${t.keyId ?? '?'}`,
        );
      }
      return 0;
    }
    if ((cmd === 'verify' || cmd === 'rekey') && !personId) {
      if (!deps.tokens) return needKey();
      const rekey = cmd === 'rekey';
      if (rekey) {
        const refused = await wrongKey(deps.tokens);
        if (refused !== null) return refused;
      }
      const { all, states } = await sealStates(deps.index, deps.tokens, rekey);
      const damaged = await deps.index.damaged();
      const count = (s: SealState) => [...states.values()].filter((v) => v === s).length;
      const unreadable = all.filter((t) => states.get(t.personId) === 'unreadable');
      const previous = count('previous');
      const total = all.length + damaged.length;
      const summary = rekey
        ? {
            total,
            resealed: previous,
            current: count('current'),
            unreadable: unreadable.length,
            damaged: damaged.length,
          }
        : {
            total,
            current: count('current'),
            previous,
            unreadable: unreadable.map((t) => ({ personId: t.personId, email: t.email })),
            damaged,
          };
      if (json) io.out(JSON.stringify(summary));
      else if (rekey) {
        io.out(
          `${total} stored token(s): ${previous} re-sealed with TOKEN_ENCRYPTION_KEY, ` +
            `${count('current')} already sealed with it, ${unreadable.length} open with no configured key` +
            `${damaged.length ? `, ${damaged.length} damaged` : ''}`,
        );
        if (unreadable.length || damaged.length)
          io.out('see `npm run --silent token -- verify` for who they are');
        else io.out('TOKEN_ENCRYPTION_KEY_PREVIOUS is no longer needed for stored tokens');
      } else {
        io.out(
          `${total} stored token(s): ${count('current')} open with TOKEN_ENCRYPTION_KEY, ` +
            `${previous} with TOKEN_ENCRYPTION_KEY_PREVIOUS (run rekey), ${unreadable.length} with no configured key` +
            `${damaged.length ? `, ${damaged.length} damaged` : ''}`,
        );
        for (const t of unreadable) io.out(`does not open: ${who(t)}`);
        for (const d of damaged) io.out(damagedLine(d));
      }
      // A script must notice tokens that are left unreadable, whether it verified or re-sealed.
      return unreadable.length || damaged.length ? 1 : 0;
    }
    if (cmd === 'purge' && personId) {
      const everyone: Pick<TokenSummary, 'personId' | 'email'>[] = [
        ...(await deps.index.list()),
        ...(await deps.index.damaged()),
      ];
      const targets = personId === '--all' ? everyone : everyone.filter((t) => t.personId === personId);
      if (targets.length === 0) {
        // Forgetting the key id lets a start with another key through: a deliberate act, confirmed like a delete.
        if (personId === '--all' && yes && (await deps.index.forgetKeyIfEmpty()))
          io.out('no stored tokens; forgot the recorded key id (the next start records its own)');
        else if (personId === '--all' && (await deps.index.recordedKeyId()))
          io.out('no stored tokens (add --yes to also forget the recorded key id)');
        else io.out(personId === '--all' ? 'no stored tokens' : `no token stored for ${personId}`);
        return 0;
      }
      const what =
        targets.length === 1
          ? `the stored token of ${who(targets[0]!)}`
          : `all ${targets.length} stored tokens`;
      if (!yes) {
        if (!io.interactive) {
          io.err(`refusing to delete ${what} without confirmation: not at a terminal; add --yes to confirm`);
          return 2;
        }
        const answer = (
          await io.ask(`Delete ${what}? They must sign in again. Type yes to confirm: `)
        ).trim();
        if (answer.toLowerCase() !== 'yes') {
          io.err('nothing deleted');
          return 1;
        }
      }
      let deleted = 0;
      for (const t of targets) {
        if (await deps.index.delete(t.personId)) deleted++;
        await deps.forgetPerson?.(t.personId);
      }
      io.out(`deleted ${deleted} stored token(s)`);
      // With every token gone the old key protects nothing: a start with a new key must not be refused.
      if (personId === '--all' && (await deps.index.forgetKeyIfEmpty()))
        io.out('forgot the recorded key id (the next start records its own)');
      return 0;
    }
    if (cmd === 'delete' && personId) {
      await deps.forgetPerson?.(personId);
      io.out(
        (await deps.index.delete(personId))
          ? `deleted the token of ${personId}`
          : `no token stored for ${personId}`,
      );
      return 0;
    }
    if (cmd === 'set' && personId && !personId.startsWith('-')) {
      if (!deps.tokens) return needKey();
      const unknown = unknownSetArgs(args.slice(2));
      if (unknown) {
        io.err(`${unknown}\n${USAGE}`);
        return 2;
      }
      const refused = await wrongKey(deps.tokens);
      if (refused !== null) return refused;
      const expiresIn = flag(args, '--expires-in');
      const refreshExpiresIn = flag(args, '--refresh-expires-in');
      const [accessToken, refreshToken] = await readLines(io.stdin);
      if (!accessToken) {
        io.err(
          'no token on stdin: pipe the access token in, e.g. `npm run --silent token -- set <personId> < token.txt`',
        );
        return 2;
      }
      let me;
      try {
        me = await deps.people.me(accessToken);
      } catch (e) {
        if (e instanceof WebexApiError && e.status === 401) {
          io.err('Webex refused that token (401): it is wrong, expired or revoked. Nothing stored.');
          return 1;
        }
        if (e instanceof WebexApiError && e.status === 403) {
          io.err(
            'Webex would not say whose token this is (403): it needs the spark:people_read scope. Nothing stored.',
          );
          return 1;
        }
        throw e;
      }
      if (me.id !== personId) {
        io.err(`that token belongs to ${me.displayName} (${me.id}), not ${personId}. Nothing stored.`);
        return 1;
      }
      await deps.tokens.put({
        personId,
        orgId: me.orgId,
        email: me.emails[0],
        accessToken,
        accessTokenExpiresAt: expiresIn ? now() + expiresIn * 1000 : undefined,
        refreshToken: refreshToken || undefined,
        refreshTokenExpiresAt: refreshToken && refreshExpiresIn ? now() + refreshExpiresIn * 1000 : undefined,
        scopes: [],
        source: 'cli',
        updatedAt: now(),
      });
      io.out(`stored a token for ${me.displayName} <${me.emails[0] ?? '?'}> (org ${me.orgId})`);
      return 0;
    }
    io.err(USAGE);
    return 2;
  } catch (e) {
    io.err(`failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
