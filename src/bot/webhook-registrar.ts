import { withLock } from '../store/with-lock.js';
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
  /** Webex's listing carries it: compared, never passed on. */
  secret?: string;
}

/** The webhooks the bot needs, one each. */
export const WEBHOOK_SPECS = [
  { resource: 'messages', event: 'created' },
  { resource: 'attachmentActions', event: 'created' },
] as const;
const SPECS = WEBHOOK_SPECS;

/** A webhook as the operator sees it: never its secret. */
export interface WebhookView {
  id: string;
  name: string;
  targetUrl: string;
  resource: string;
  event: string;
  status: string;
  /** Whether Webex signs its deliveries with this deployment's WEBHOOK_SECRET (the secret itself is never shown). */
  signedWithCurrentSecret: boolean;
}

/** Something the registrar had to fix on Webex's side. */
export interface WebhookRepair {
  action: 'reactivated' | 'recreated' | 'removed-duplicate' | 'secret-updated';
  resource: string;
  event: string;
  webhookId: string;
}

export interface WebhookRegistrar {
  readonly name: string;
  /** Resolves once both webhooks exist, are active and carry the current secret. */
  ensure(): Promise<void>;
  /** Keep trying in the background until `ensure` succeeds (start-up must not die on a Webex hiccup). */
  ensureInBackground(): void;
  /**
   * The periodic check: re-activates a webhook Webex disabled, recreates a missing one, removes duplicates,
   * and leaves healthy ones alone. Resolves with what it fixed; rejects when Webex refused a fix.
   */
  repair(): Promise<WebhookRepair[]>;
  isReady(): boolean;
  /** Every webhook of the bot's (whatever its name or URL), without secrets. */
  list(): Promise<WebhookView[]>;
  readonly targetUrl: string;
  stop(): void;
}

/**
 * Owns the bot's webhooks, idempotently: it only ever touches webhooks that carry its own name and point
 * at this deployment's own target URL, updates them in place (new secret, re-enabled if Webex disabled
 * them) and never deletes a webhook another instance behind the same URL relies on. A webhook with another
 * name on the same URL (a leftover of an older deployment, another tool) is left alone: the framework only
 * takes events named after the bot's webhook, so adopting a foreign one would lose every event. A short
 * store lock keeps two instances starting together from both creating one.
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

  const put = (w: Webhook) =>
    deps.webex.request({
      method: 'PUT',
      path: `/webhooks/${encodeURIComponent(w.id)}`,
      token: deps.token,
      body: { name, targetUrl: deps.targetUrl, secret: deps.secret, status: 'active' },
    });

  // Only guards against a duplicate from two instances starting at once: without the lock (store down, or
  // held too long), registering anyway beats receiving nothing.
  const locked = <T>(work: () => Promise<T>): Promise<T> =>
    withLock(
      deps.kv,
      `lock:webhooks:${deps.targetUrl}`,
      {
        ttlMs: 15_000,
        waitMs: 10_000,
        retryMs: 200,
        onTimeout: work,
        onStoreError: (err) => {
          deps.log.warn({ err: (err as Error).message }, 'webhook lock unavailable; registering without it');
          return work();
        },
      },
      work,
    );

  /**
   * `start`: every webhook of ours is PUT (it may carry an old secret). `check`: only a disabled or
   * missing one is touched, so a healthy deployment costs one GET per check.
   */
  async function reconcile(mode: 'start' | 'check'): Promise<WebhookRepair[]> {
    const repairs: WebhookRepair[] = [];
    const list = await deps.webex.request<{ items: Webhook[] }>({
      method: 'GET',
      path: '/webhooks',
      token: deps.token,
      query: { max: '100' },
    });
    for (const spec of SPECS) {
      const onOurUrl = list.body.items.filter(
        (w) => w.targetUrl === deps.targetUrl && w.resource === spec.resource && w.event === spec.event,
      );
      const mine = onOurUrl.filter((w) => w.name === name);
      const foreign = onOurUrl.filter((w) => w.name !== name);
      if (mode === 'start' && foreign.length > 0) {
        deps.log.warn(
          { resource: spec.resource, webhookIds: foreign.map((w) => w.id) },
          'another webhook with a different name points at this bot: left alone (its deliveries are not ours)',
        );
      }
      // The oldest is kept (re-enabled when Webex disabled it); later ones of the same name are duplicates.
      const [keep, ...extra] = mine;
      if (keep) {
        const inactive = keep.status !== undefined && keep.status !== 'active';
        // Signed with another secret (a rotation whose move failed, or an edit elsewhere): every delivery
        // would be refused while the webhook looks healthy.
        const otherSecret = keep.secret !== undefined && keep.secret !== deps.secret;
        if (mode === 'start' || inactive || otherSecret) await put(keep);
        if (inactive) repairs.push({ action: 'reactivated', ...spec, webhookId: keep.id });
        else if (otherSecret && mode === 'check')
          repairs.push({ action: 'secret-updated', ...spec, webhookId: keep.id });
      } else {
        const created = await deps.webex.request<{ id?: string }>({
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
        if (mode === 'check')
          repairs.push({ action: 'recreated', ...spec, webhookId: created.body.id ?? '' });
      }
      // Same name, target, resource and event: a duplicate of ours (e.g. two instances raced before the
      // lock existed). It would deliver every event twice.
      for (const w of extra) {
        await deps.webex.request({
          method: 'DELETE',
          path: `/webhooks/${encodeURIComponent(w.id)}`,
          token: deps.token,
        });
        repairs.push({ action: 'removed-duplicate', ...spec, webhookId: w.id });
      }
    }
    return repairs;
  }

  async function ensureOnce() {
    await locked(() => reconcile('start'));
    ready = true;
    deps.log.info({ targetUrl: deps.targetUrl }, 'webhooks registered');
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
    repair: () => locked(() => reconcile('check')),
    isReady: () => ready,
    targetUrl: deps.targetUrl,
    async list() {
      const res = await deps.webex.request<{ items: Webhook[] }>({
        method: 'GET',
        path: '/webhooks',
        token: deps.token,
        query: { max: '100' },
      });
      // Field by field: Webex's listing carries each webhook's secret.
      return res.body.items.map((w) => ({
        id: w.id,
        name: w.name,
        targetUrl: w.targetUrl,
        resource: w.resource,
        event: w.event,
        status: w.status ?? 'active',
        signedWithCurrentSecret: w.secret === undefined || w.secret === deps.secret,
      }));
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
