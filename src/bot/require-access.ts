import type { Access } from './access-provider.js';
import type { BotContext } from './bot-context.js';
import type { BotDeps } from './voicemail-deps.js';

/** The person's own access, or a reply telling them how to get it (and null: the caller stops there). */
export async function requireAccess(deps: BotDeps, ctx: BotContext): Promise<Access | null> {
  const access = await deps.access.get(ctx.actor.id);
  if (access) return access;
  await ctx.say(await deps.accessHelp({ personId: ctx.actor.id, roomId: ctx.room.id, roomType: ctx.room.type }));
  return null;
}
