import { verdictFor, type Need } from '../auth/capability.js';
import { AppError } from '../errors.js';
import type { CarryOn } from '../store/sign-in-states.js';
import { NOT_ADMIN, READ_ONLY_REFUSAL } from './access-replies.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import type { Access, AccessProvider } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './bot-deps.js';

const where = (ctx: BotContext) => ({
  personId: ctx.actor.id,
  email: ctx.actor.email,
  orgId: ctx.actor.orgId,
  roomId: ctx.room.id,
  roomType: ctx.room.type,
  // A sign-in's outcome and the command it carries on are answered where the request was.
  parentId: ctx.parentId,
});

/** The person's own access, or a reply telling them how to get it (and null: the caller stops there). */
export { where as accessRequestOf };

export interface AccessNeed {
  /** What the request needs from the sign-in (default `view`). */
  need?: Need;
  /** The command to carry on with after a sign-in this reply asks for. */
  then?: CarryOn;
}

/**
 * The person's own access when it can do what the request needs; otherwise a reply that says why (no
 * admin role, read-only, a scope not granted, with a sign-in link for it) and null: the caller stops there,
 * before anything is sent to Webex.
 */
export async function requireAccess(
  deps: BotDeps,
  ctx: BotContext,
  opts: AccessNeed = {},
): Promise<Access | null> {
  const access = await deps.access.get(ctx.actor.id);
  if (!access) {
    await ctx.say(await deps.accessHelp({ ...where(ctx), then: opts.then, need: opts.need }));
    return null;
  }
  return (await accessAllows(deps, ctx, access, opts)) ? access : null;
}

/** True when this access can do what the request needs; otherwise the person is told why, and false. */
export async function accessAllows(
  deps: BotDeps,
  ctx: BotContext,
  access: Access,
  opts: AccessNeed = {},
): Promise<boolean> {
  const need = opts.need ?? 'view';
  const verdict = verdictFor(access, need);
  if (verdict.ok) return true;
  if (verdict.why === 'not-admin') await ctx.say(NOT_ADMIN);
  else if (verdict.why === 'read-only') await ctx.say(READ_ONLY_REFUSAL);
  else
    await ctx.say(
      await deps.accessHelp({
        ...where(ctx),
        then: opts.then,
        need,
        granted: access.scopes,
        missing: verdict.missing,
      }),
    );
  return false;
}

/** Webex rejected the person's token (401) and it could not be renewed: a new sign-in is needed. */
export class AccessLostError extends Error {
  constructor(readonly trackingId: string | undefined) {
    super('token rejected (401) and could not be renewed');
  }
}

/**
 * Run a Webex call with the person's token; on a 401 renew the token once and run it again. Rejects with
 * `AccessLostError` when renewal is impossible. For work with no one to answer (the drift watch); a command
 * uses `withAccess`, which tells the person how to sign in again.
 */
export async function withRenewal<T>(
  provider: AccessProvider,
  access: Access,
  call: (a: Access) => Promise<T>,
): Promise<T> {
  try {
    return await call(access);
  } catch (e) {
    if (!(e instanceof WebexApiError) || e.status !== 401) throw e;
    const renewed = await provider.renew(access.personId, access.token);
    if (renewed) return call(renewed);
    throw new AccessLostError(e.trackingId);
  }
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
    return await withRenewal(deps.access, access, call);
  } catch (e) {
    if (!(e instanceof AccessLostError)) throw e;
    // One reply that says what happened and how to sign in again (not the first-time sign-in prompt).
    const help = await deps.accessHelp({ ...where(ctx), reason: 'expired' });
    throw new AppError('TOKEN_EXPIRED', help, {
      trackingId: e.trackingId,
      hint: 'token rejected (401) and could not be renewed',
    });
  }
}
