import { AppError } from '../errors.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';

const where = (ctx: BotContext) => ({
  personId: ctx.actor.id,
  email: ctx.actor.email,
  orgId: ctx.actor.orgId,
  roomId: ctx.room.id,
  roomType: ctx.room.type,
});

/** The person's own access, or a reply telling them how to get it (and null: the caller stops there). */
export { where as accessRequestOf };

export async function requireAccess(
  deps: BotDeps,
  ctx: BotContext,
  then?: 'voicemail.form' | 'voicemail.show',
): Promise<Access | null> {
  const access = await deps.access.get(ctx.actor.id);
  if (access) return access;
  await ctx.say(await deps.accessHelp({ ...where(ctx), then }));
  return null;
}

/**
 * Run a Webex call with the person's token; on a 401 renew the token once and run it again. When renewal
 * is impossible the person is told how to sign in again.
 */
export async function withAccess<T>(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  call: (a: Access) => Promise<T>,
): Promise<T> {
  try {
    return await call(access);
  } catch (e) {
    if (!(e instanceof WebexApiError) || e.status !== 401) throw e;
    const renewed = await deps.access.renew(access.personId, access.token);
    if (renewed) return call(renewed);
    const help = await deps.accessHelp(where(ctx));
    throw new AppError(
      'TOKEN_EXPIRED',
      `Webex no longer accepts your access (it expired or was revoked). ${help}`,
      {
        trackingId: e.trackingId,
        hint: 'token rejected (401) and could not be renewed',
      },
    );
  }
}
