import { WEBHOOK_SPECS, type WebhookRegistrar, type WebhookView } from '../bot/webhook-registrar.js';

export interface WebhooksCommandIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage:
  npm run --silent webhooks -- status   the bot's webhooks; exit 1 when one it needs is missing or disabled
  npm run --silent webhooks -- repair   re-enable, recreate or de-duplicate them (as the periodic check does)`;

type Registrar = Pick<WebhookRegistrar, 'name' | 'targetUrl' | 'list' | 'repair'>;

/** What is wrong with the webhooks this deployment needs, one line each; empty when all is well. */
function problemsOf(hooks: WebhookView[], registrar: Registrar): string[] {
  const problems: string[] = [];
  for (const spec of WEBHOOK_SPECS) {
    const mine = hooks.filter(
      (w) =>
        w.name === registrar.name &&
        w.targetUrl === registrar.targetUrl &&
        w.resource === spec.resource &&
        w.event === spec.event,
    );
    const kind = `${spec.resource}/${spec.event}`;
    const [first, ...extra] = mine;
    if (!first) problems.push(`${kind}: missing`);
    else if (first.status !== 'active') problems.push(`${kind}: ${first.status}`);
    else if (!first.signedWithCurrentSecret)
      problems.push(`${kind}: signed with a secret other than WEBHOOK_SECRET`);
    if (extra.length) problems.push(`${kind}: ${extra.length} duplicate(s)`);
  }
  return problems;
}

function show(hooks: WebhookView[], registrar: Registrar, io: WebhooksCommandIo): string[] {
  io.out(`this deployment: "${registrar.name}" -> ${registrar.targetUrl}`);
  if (hooks.length === 0) io.out('the bot has no webhooks');
  for (const w of hooks) {
    const ours = w.name === registrar.name && w.targetUrl === registrar.targetUrl;
    io.out(
      `${w.status.padEnd(8)}  ${`${w.resource}/${w.event}`.padEnd(25)}  ${w.id}  "${w.name}"  ${w.targetUrl}` +
        (ours ? '' : '  (not this deployment: left alone)'),
    );
  }
  const problems = problemsOf(hooks, registrar);
  io.out(
    problems.length ? `needs repair: ${problems.join('; ')}` : 'ok: every webhook the bot needs is active',
  );
  return problems;
}

/**
 * The operator's view of the bot's webhooks, and the periodic check's repair on demand (after Webex
 * disabled one, or someone deleted it in the developer portal). Never prints a secret: the listing is
 * shown field by field.
 */
export async function runWebhooksCommand(
  args: string[],
  deps: { registrar: Registrar; io: WebhooksCommandIo },
): Promise<number> {
  const { io, registrar } = deps;
  const [cmd, ...rest] = args;
  try {
    if (cmd === 'status' && rest.length === 0) {
      return show(await registrar.list(), registrar, io).length ? 1 : 0;
    }
    if (cmd === 'repair' && rest.length === 0) {
      const repairs = await registrar.repair();
      if (repairs.length === 0) io.out('nothing to repair');
      for (const r of repairs) io.out(`${r.action} ${r.resource}/${r.event} ${r.webhookId}`);
      return show(await registrar.list(), registrar, io).length ? 1 : 0;
    }
    io.err(USAGE);
    return 2;
  } catch (e) {
    io.err(`failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
