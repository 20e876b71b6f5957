import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The parts of webex-node-bot-framework 2.3.14 we use (it ships no types). */
export interface FrameworkPerson {
  id: string;
  emails: string[];
  displayName: string;
  nickName?: string;
  firstName?: string;
  orgId?: string;
  type?: string;
}
export interface FrameworkBot {
  room: { id: string; title?: string; type: 'direct' | 'group' };
}
export interface MessageTrigger {
  type: 'message';
  id: string;
  text?: string;
  message: {
    id: string;
    roomId: string;
    roomType: 'direct' | 'group';
    text?: string;
    personId: string;
    mentionedPeople?: string[];
  };
  person: FrameworkPerson;
  personId: string;
}
export interface ActionTrigger {
  type: 'attachmentAction';
  id: string;
  attachmentAction: {
    id: string;
    type: string;
    messageId: string;
    personId: string;
    roomId: string;
    inputs: Record<string, unknown>;
  };
  person: FrameworkPerson;
  personId: string;
}
export interface Framework {
  person: FrameworkPerson;
  webhook: { name?: string } | false;
  active: boolean;
  webex: {
    config?: { people?: { batcherWait: number } };
    webhooks: {
      list: () => Promise<unknown>;
      create: (w: Record<string, unknown>) => Promise<unknown>;
      remove: (w: unknown) => Promise<unknown>;
    };
  };
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  on(event: 'message', fn: (bot: FrameworkBot, trigger: MessageTrigger) => void): void;
  on(event: 'attachmentAction', fn: (bot: FrameworkBot, trigger: ActionTrigger) => void): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
}

export interface StartedFramework {
  framework: Framework;
  /** Feed a verified webhook envelope to the framework. */
  processEvent(envelope: object): Promise<void>;
  stop(): Promise<void>;
}

const REAL_WEBEX_HOST = 'webexapis.com';

/**
 * The framework's SDK reads its API base from HYDRA_SERVICE_URL/U2C_SERVICE_URL once, when first loaded;
 * set them here, before the first require, and refuse a second, different base in the same process.
 */
function loadFramework(apiBase: string): {
  Framework: new (opts: object) => Framework;
  processEvent: (fw: Framework, body: object) => Promise<unknown>;
} {
  const current = process.env.HYDRA_SERVICE_URL;
  if (current && current !== apiBase) {
    throw new Error(`webex SDK already points at ${current}; cannot switch this process to ${apiBase}`);
  }
  process.env.HYDRA_SERVICE_URL = apiBase;
  // Real Webex keeps its service catalog (U2C) on another host, which the SDK knows; any other base (the
  // emulator) serves the catalog itself, next to the REST API.
  if (new URL(apiBase).host !== REAL_WEBEX_HOST) {
    process.env.U2C_SERVICE_URL ??= apiBase.replace(/\/v1$/, '') + '/u2c/api/v1';
  }
  return {
    Framework: require('webex-node-bot-framework') as new (opts: object) => Framework,
    processEvent: require('webex-node-bot-framework/lib/process-event.js') as (
      fw: Framework,
      body: object,
    ) => Promise<unknown>,
  };
}

/**
 * Starts the framework in webhook mode while keeping it away from the webhooks themselves: left alone it
 * deletes webhooks at start and stop (fatal with two instances or a rolling restart) and does not await
 * their creation. The registrar owns them; the framework is told only their name, which its event filter
 * compares.
 */
export async function startFramework(opts: {
  apiBase: string;
  token: string;
  webhookUrl: string;
  webhookName: string;
  peopleBatchWaitMs?: number;
}): Promise<StartedFramework> {
  const { Framework, processEvent } = loadFramework(opts.apiBase);
  const framework = new Framework({
    token: opts.token,
    webhookUrl: opts.webhookUrl,
    removeWebhooksOnStart: false,
    maxStartupSpaces: 0,
    messageFormat: 'markdown',
  });
  const starting = framework.start();
  // start() builds its SDK instance synchronously, before its first await: patch it now.
  const hooks = framework.webex.webhooks;
  hooks.list = async () => ({ items: [] });
  hooks.remove = async () => undefined;
  hooks.create = async (w) => ({ ...w, name: opts.webhookName });
  // Each event looks its sender up through the SDK's people batcher, which by default waits 100 ms to
  // collect a batch: most of a command's latency on a quiet bot. 10 ms still batches a burst.
  const people = framework.webex.config?.people;
  if (people) people.batcherWait = opts.peopleBatchWaitMs ?? 10;
  await starting;
  framework.webhook = { name: opts.webhookName };
  return {
    framework,
    async processEvent(envelope) {
      await processEvent(framework, envelope);
    },
    async stop() {
      if (framework.active) await framework.stop();
    },
  };
}
