import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Emulator } from '../../src/emulator/index.js';

export interface CallResult {
  status: number;
  headers: Headers;
  // Tests look into Webex-shaped bodies freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One REST call to the emulator, JSON in and out. */
export async function call(
  em: Emulator,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const url = path.startsWith('http') ? path : `${em.apiBase}${path}`;
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (HTML pages, empty bodies)
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status the receiver answers with (default 200). */
  status: number;
  close(): Promise<void>;
}

/** A tiny webhook receiver that keeps the raw bytes of what it gets. */
export async function startReceiver(): Promise<Receiver> {
  const app = express();
  const rec: Receiver = { url: '', received: [], status: 200, close: async () => {} };
  app.post('/hook', express.raw({ type: () => true }), (req, res) => {
    rec.received.push({
      headers: req.headers,
      rawBody: Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '',
    });
    res.status(rec.status).end();
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  rec.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return rec;
}

/**
 * A small org, no spaces: a full admin, a read-only admin, a plain user, a partner admin managing the org
 * (not Globex, the other org), and a bot.
 */
export function seedOrg(em: Emulator) {
  const w = em.seedWorld({
    org: 'Acme',
    admins: [{ email: 'alice@acme.test', displayName: 'Alice Admin' }],
    readOnly: { email: 'rob@acme.test', displayName: 'Rob Reader' },
    user: { email: 'uma@acme.test', displayName: 'Uma User' },
    otherOrgs: [{ displayName: 'Globex' }],
    partner: { org: 'Partner', email: 'pat@partner.test', displayName: 'Pat Partner' },
    bot: { email: 'vm@webex.bot', displayName: 'VoicemailBot' },
    spaces: false,
  });
  const [other] = w.otherOrgs;
  const { org, partnerOrg, admin, readOnly: reader, user, partner, bot } = w;
  if (!other || !partnerOrg || !partner) throw new Error('seedOrg: the world lacks an org');
  return { org, other, partnerOrg, admin, reader, user, partner, bot };
}
