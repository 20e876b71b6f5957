import type { Logger } from '../log/create-logger.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import type { WebexClient } from '../webex/webex-client.js';

interface Webhook {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  status?: string;
}

const SPECS = [
  { resource: 'messages', event: 'created' },
  { resource: 'attachmentActions', event: 'created' },
] as const;

export interface WebhookRegistrar {
  readonly name: string;
  /** Resolves once both webhooks exist, are active and carry the current secret. */
  ensure(): Promise<void>;
  /** Keep trying in the background until `ensure` succeeds (start-up must not die on a Webex hiccup). */
  ensureInBackground(): void;
  isReady(): boolean;
  stop(): void;
}

/**
 * Owns the bot's webhooks, idempotently: it only ever touches webhooks pointing at this deployment's own
 * target URL, updates them in place (new secret, re-enabled if Webex disabled them) and never deletes a
 * webhook another instance behind the same URL relies on. A short store lock keeps two instances starting
 * together from both creating one.
 */
export function createWebhookRegistrar(deps: {
  webex: WebexClient;
  token: string;
  targetUrl: string;
  secret: string;
  kv: KeyValueStore;
  log: Logger;
  retryDelayMs?: number;
}): WebhookRegistrar {
  const name = `voicemail-rules-bot ${new URL(deps.targetUrl).host}`;
  let ready = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function ensureOnce() {
    const lockKey = `lock:webhooks:${deps.targetUrl}`;
    const owner = Math.random().toString(36).slice(2);
    try {
      for (let i = 0; i < 50 && !(await deps.kv.setIfAbsent(lockKey, owner, 15_000)); i++) {
        await new Promise((r) => setTimeout(r, 200));
      }
    } catch (err) {
      // The lock only guards against a duplicate from two instances starting at once; without the store,
      // registering anyway beats receiving nothing.
      deps.log.warn({ err: (err as Error).message }, 'webhook lock unavailable; registering without it');
    }
    try {
      const list = await deps.webex.request<{ items: Webhook[] }>({
        method: 'GET',
        path: '/webhooks',
        token: deps.token,
        query: { max: '100' },
      });
      for (const spec of SPECS) {
        const mine = list.body.items.filter(
          (w) => w.targetUrl === deps.targetUrl && w.resource === spec.resource && w.event === spec.event,
        );
        const [keep, ...extra] = mine;
        if (keep) {
          await deps.webex.request({
            method: 'PUT',
            path: `/webhooks/${encodeURIComponent(keep.id)}`,
            token: deps.token,
            body: { name, targetUrl: deps.targetUrl, secret: deps.secret, status: 'active' },
          });
        } else {
          await deps.webex.request({
            method: 'POST',
            path: '/webhooks',
            token: deps.token,
            body: {
              name,
              targetUrl: deps.targetUrl,
              resource: spec.resource,
              event: spec.event,
              secret: deps.secret,
            },
          });
        }
        // Same target, resource and event: a duplicate of ours (e.g. two instances raced before the lock
        // existed). It would deliver every event twice.
        for (const w of extra) {
          await deps.webex.request({
            method: 'DELETE',
            path: `/webhooks/${encodeURIComponent(w.id)}`,
            token: deps.token,
          });
        }
      }
      ready = true;
      deps.log.info({ targetUrl: deps.targetUrl }, 'webhooks registered');
    } finally {
      await deps.kv.deleteIfEquals(lockKey, owner).catch(() => false);
    }
  }

  return {
    name,
    ensure: ensureOnce,
    ensureInBackground() {
      const delay = deps.retryDelayMs ?? 5000;
      const run = () => {
        if (stopped) return;
        ensureOnce().catch((err: unknown) => {
          deps.log.error({ err }, `webhook registration failed; retrying in ${delay / 1000}s`);
          timer = setTimeout(run, delay);
        });
      };
      run();
    },
    isReady: () => ready,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
