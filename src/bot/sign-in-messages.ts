import { GATE_REFUSAL, type AccessGate } from '../auth/access-gate.js';
import { shortName } from '../short-name.js';
import { adminRoleOf, capabilityOf, consentScopes, type Need } from '../auth/capability.js';
import { scopeInWords } from '../auth/scopes.js';
import type { SignInLinks, SignInOutcome } from '../auth/sign-in-service.js';
import type { SignInRequest } from '../store/sign-in-states.js';
import type { Logger } from '../log/create-logger.js';
import type { MessagesClient } from '../webex/messages-client.js';
import { WebexApiError } from '../webex/webex-api-error.js';
import { FOR_ADMINS, READ_ONLY_LINE, carryOnLine, carryOnSyntax, needOf } from './access-replies.js';
import type { BotRuntime } from './attach-bot.js';
import type { BotDeps } from './bot-deps.js';
import { code, md, raw } from '../markdown.js';

const NO_SIGN_IN =
  `${FOR_ADMINS} You haven't given me access to Webex yet, so I can't read or change your organization's ` +
  'voicemail rules. Ask the bot operator to store your token (`npm run token -- set <your person id>`).';

/** Said instead of the first-time prompt when Webex stopped accepting access the person had. */
const NO_LONGER_ACCEPTED = 'Webex no longer accepts your access (it expired or was revoked)';

const EXPIRED_NO_SIGN_IN =
  `${NO_LONGER_ACCEPTED}, so I can't read or change your organization's voicemail rules until the bot ` +
  'operator stores a new token for you (`npm run token -- set <your person id>`).';

/** Where the carried-on command runs, as said in a link sent privately. */
const IN_THE_GROUP = 'in the group space where you asked';

const PURPOSE: Record<Need, string> = {
  view: 'show your organization’s voicemail rules',
  change: 'change your organization’s voicemail rules',
  reset: 'reset a person’s voicemail PIN',
  orgs: 'work with the organizations you manage',
  all: 'show or change your organization’s voicemail rules',
};

/** "a, b and c" */
const inWords = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

const paragraphs = (lines: string[]) => lines.filter(Boolean).join('\n\n');

/** The terms every sign-in link comes with. */
function linkTerms(ttlMs: number): string {
  const minutes = Math.max(1, Math.round(ttlMs / 60_000));
  return `the link is for you only, works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * A message to the person alone: Webex posts it in their 1:1 space with the bot, creating that space if
 * there is none. False when Webex did not take it (the person's org may not let bots message them, say).
 */
async function sendPrivately(
  deps: { messages: Pick<MessagesClient, 'send'>; log: Logger },
  personId: string,
  markdown: string,
): Promise<boolean> {
  try {
    await deps.messages.send({ toPersonId: personId, markdown });
    return true;
  } catch (err) {
    deps.log.warn({ err, personId }, 'could not message the person privately');
    return false;
  }
}

/**
 * What a person without usable access is told: a refusal (access gate), a sign-in link asking Webex for
 * what the request needs (or, with `missing`, for the scopes the current sign-in lacks), or the CLI.
 * In a group space the link goes to the person alone and the group is told so: anyone who opens a link
 * spends it, so a link posted where others can open it is one they can take away from its owner. Only
 * if the private message cannot be sent is the link posted in the group, as before.
 */
export function createAccessHelp(deps: {
  gate: AccessGate;
  signIn?: SignInLinks;
  linkTtlMs: number;
  messages: Pick<MessagesClient, 'send'>;
  log: Logger;
}): BotDeps['accessHelp'] {
  const terms = linkTerms(deps.linkTtlMs);
  return async (who) => {
    if (!deps.gate.allows({ emails: [who.email], orgId: who.orgId })) return GATE_REFUSAL;
    const need = who.then ? needOf(who.then) : (who.need ?? 'all');
    const missing = who.missing ?? [];
    const expired = who.reason === 'expired' && !missing.length;
    const asked = missing.map((s) => md`**${scopeInWords(s)}** (${code(s)})`).join(', ');
    if (!deps.signIn) {
      if (missing.length)
        return `To ${PURPOSE[need]} your stored Webex token also needs ${asked}. Ask the bot operator to store one that has it.`;
      return expired ? EXPIRED_NO_SIGN_IN : NO_SIGN_IN;
    }
    const scopes = consentScopes(need, who.granted);
    const link = await deps.signIn.linkFor({
      personId: who.personId,
      roomId: who.roomId,
      roomType: who.roomType,
      parentId: who.parentId,
      then: who.then,
      scopes,
    });
    const why = missing.length
      ? `To ${PURPOSE[need]} I need one more permission from your Webex sign-in: ${asked}.`
      : expired
        ? `${NO_LONGER_ACCEPTED}. Sign in with Webex once more so that I can ${PURPOSE[need]}.`
        : `${FOR_ADMINS} To ${PURPOSE[need]} I need access through your own Webex sign-in` +
          `${need === 'change' || need === 'reset' ? ' (a full administrator’s)' : ''}.`;
    const allow = missing.length ? ' to allow it' : '';
    const consent = missing.length
      ? ''
      : ` Webex will ask you to let me ${inWords(scopes.map(scopeInWords))}.`;
    const linkLine = `**[Sign in with Webex](${link})**${allow}: ${terms}.${consent}`;
    const here = paragraphs([why, linkLine, carryOnLine(who.then)]);
    if (who.roomType !== 'group') return here;
    const sent = await sendPrivately(
      deps,
      who.personId,
      paragraphs([
        'You asked me in a group space for something that needs your Webex sign-in. Here is your link, ' +
          'sent to you alone so that nobody else there can use it.',
        why,
        linkLine,
        carryOnLine(who.then, IN_THE_GROUP),
      ]),
    );
    if (!sent) return here;
    return paragraphs([
      why,
      `I sent you a sign-in link in a 1:1 space${allow}: ${terms}.`,
      carryOnLine(who.then),
    ]);
  };
}

/** What a sign-in lets the person do, in one sentence after their name. */
function canDo(grant: Extract<SignInOutcome, { kind: 'signed-in' }>['grant']): string {
  if (adminRoleOf(grant) === 'read-only') {
    return `, a read-only administrator: you can view the voicemail rules with \`/voicemail show\`. ${READ_ONLY_LINE}`;
  }
  const capability = capabilityOf(grant);
  if (capability === 'full-admin') return ': you can view and change the voicemail rules.';
  if (capability === 'read-only-admin') {
    return ': you can view the voicemail rules. Changing them asks you for one more permission when you need it.';
  }
  return '.';
}

/**
 * Tells the room that asked how a sign-in ended and, when it was asked for by a command, carries on with
 * it, in the thread the request was answered in (the one threading rule, `replyThread`). In a group space
 * it says no more than that the person is signed in (or, for someone the bot cannot help, that it kept
 * nothing).
 */
export function createSignInNotifier(deps: {
  messages: MessagesClient;
  /** Carries on with the command (or the Save) a sign-in was asked for. */
  runtime: Pick<BotRuntime, 'run' | 'resubmit'>;
  /** Makes the fresh link owed to a person whose link someone else opened. */
  signIn: SignInLinks;
  linkTtlMs: number;
  log: Logger;
}): (req: SignInRequest, outcome: SignInOutcome) => Promise<void> {
  const terms = linkTerms(deps.linkTtlMs);
  return async (req, outcome) => {
    const group = req.roomType === 'group';
    let parentId = group ? req.parentId : undefined;
    const say = async (markdown: string) => {
      try {
        await deps.messages.send({ roomId: req.roomId, markdown, parentId });
      } catch (err) {
        // The thread's first message was deleted while the person signed in: Webex takes no reply under
        // it, so this and whatever is carried on are answered at the top level rather than not at all.
        if (!parentId || !(err instanceof WebexApiError) || (err.status !== 400 && err.status !== 404))
          throw err;
        deps.log.warn(
          { err, roomId: req.roomId, parentId },
          'sign-in thread not usable: answering at the top level of the space',
        );
        parentId = undefined;
        await deps.messages.send({ roomId: req.roomId, markdown });
      }
    };
    switch (outcome.kind) {
      case 'cancelled':
        await say('Sign-in was cancelled. Nothing was stored.');
        return;
      case 'failed':
        await say(
          'Webex refused the sign-in because of how I am set up, not because of anything you did, so nothing ' +
            'was stored. Please tell whoever runs this bot (the details are in its log).',
        );
        return;
      case 'refused':
        await say(GATE_REFUSAL);
        return;
      case 'wrong-person': {
        // The opened link stays spent (see the sign-in service): its owner gets a fresh one for the same
        // request, where only they can read it, so the command they asked for is still carried on.
        const { createdAt: _made, ...request } = req;
        const fresh = await deps.signIn.linkFor(request);
        const toOwner = paragraphs([
          md`${shortName(outcome.person.displayName)} opened the sign-in link I made for you, so that link no longer ` +
            'works and nothing was stored.',
          `Here is a new one: **[Sign in with Webex](${fresh})**: ${terms}.`,
          carryOnLine(req.then, group ? IN_THE_GROUP : ''),
        ]);
        // A 1:1 space is private already.
        if (!group) {
          await say(toOwner);
          return;
        }
        const used = md`The sign-in link I made was used by ${shortName(outcome.person.displayName)}, not by the person who asked for it, so nothing was stored.`;
        await say(
          (await sendPrivately(deps, req.personId, toOwner))
            ? `${used} I sent the person who asked a new link in a 1:1 space.`
            : // Posting the new link here would hand it to whoever spent the last one.
              `${used} Each link works only for the person who asked: say \`/login\` for a new one.`,
        );
        return;
      }
      case 'not-admin':
        // Told once, and nothing carried on: every command would only be refused.
        await say(
          group
            ? md`${raw(FOR_ADMINS)} ${shortName(outcome.person.displayName)} has no Webex administrator role, so I did not keep that sign-in.`
            : md`${raw(FOR_ADMINS)} You signed in as ${shortName(outcome.person.displayName)}, and your Webex account has no ` +
                'administrator role, so I can’t show or change voicemail rules for you, and I did not keep your ' +
                'sign-in. Your organization’s Webex administrators can help with voicemail rules.',
        );
        return;
      case 'signed-in': {
        const { person, grant } = outcome;
        const then = req.then;
        // A read-only administrator's pending change would only be refused: say so here, once. (`/voicemail`
        // is not a change: it shows them the rules.)
        const blocked =
          then !== undefined &&
          then.kind !== 'voicemail.form' &&
          ['change', 'reset'].includes(needOf(then)) &&
          adminRoleOf(grant) === 'read-only';
        const signedIn = group
          ? md`${shortName(person.displayName)} is signed in.`
          : md`You are signed in as ${shortName(person.displayName)}${raw(canDo(grant))}`;
        const lines = [signedIn];
        if (blocked) {
          const what = then.kind === 'card.submit' ? 'the form you sent' : `\`${carryOnSyntax(then)}\``;
          lines.push(
            group
              ? `${READ_ONLY_LINE} I did not carry on with ${what}: nothing was changed.`
              : `So I did not carry on with ${what}: nothing was changed.`,
          );
        } else if (then?.kind === 'retype') {
          lines.push(
            `Please send \`${carryOnSyntax(then)}\` again: I don’t keep a PIN, or digits that could be one, while you sign in.`,
          );
        }
        await say(lines.join(group ? ' ' : '\n\n'));
        if (!then || blocked || then.kind === 'retype') return;
        const where = { roomId: req.roomId, roomType: req.roomType, parentId };
        if (then.kind === 'card.submit') await deps.runtime.resubmit(then.actionId, where, person);
        else
          await deps.runtime.run(
            then.kind === 'org.list' ? { ...then, ids: then.ids ?? false } : then,
            where,
            person,
          );
      }
    }
  };
}
