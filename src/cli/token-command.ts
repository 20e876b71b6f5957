import type { PeopleClient } from '../webex/people-client.js';
import type { TokenStore } from '../store/token-store.js';
import { WebexApiError } from '../webex/webex-api-error.js';

export interface TokenCommandIo {
  stdin: AsyncIterable<Buffer | string>;
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage:
  npm run --silent token -- set <personId> [--expires-in <seconds>] [--refresh-expires-in <seconds>]
      reads the access token from stdin (first line) and, optionally, a refresh token (second line)
  npm run --silent token -- delete <personId>
  npm run --silent token -- list`;

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

const when = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : 'unknown');

/**
 * The operator's way to give the bot an admin's token until sign-in exists. It never prints a token:
 * not on success, not in an error.
 */
export async function runTokenCommand(
  args: string[],
  deps: { tokens: TokenStore; people: PeopleClient; io: TokenCommandIo; now?: () => number },
): Promise<number> {
  const { io } = deps;
  const now = deps.now ?? Date.now;
  const [cmd, personId] = args;
  try {
    if (cmd === 'list' && !personId) {
      const all = await deps.tokens.list();
      if (all.length === 0) io.out('no stored tokens');
      for (const t of all) {
        io.out(
          `${t.personId}  org=${t.orgId ?? '?'}  source=${t.source}  access-expires=${when(t.accessTokenExpiresAt)}` +
            `  refresh=${t.hasRefreshToken ? `yes (expires ${when(t.refreshTokenExpiresAt)})` : 'no'}`,
        );
      }
      return 0;
    }
    if (cmd === 'delete' && personId) {
      io.out(
        (await deps.tokens.delete(personId))
          ? `deleted the token of ${personId}`
          : `no token stored for ${personId}`,
      );
      return 0;
    }
    if (cmd === 'set' && personId && !personId.startsWith('-')) {
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
