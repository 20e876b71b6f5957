import { GATE_REFUSAL, type AccessGate } from '../auth/access-gate.js';
import { shortName } from '../short-name.js';
import { adminRoleOf, capabilityOf, consentScopes, type Need } from '../auth/capability.js';
import { scopeInWords } from '../auth/scopes.js';
import type { SignInLinks, SignInOutcome } from '../auth/sign-in-service.js';
import type { SignInRequest } from '../store/sign-in-states.js';
import type { MessagesClient } from '../webex/messages-client.js';
import { FOR_ADMINS, READ_ONLY_LINE, carryOnLine, carryOnSyntax, needOf } from './access-replies.js';
import type { BotRuntime } from './attach-bot.js';
import type { BotDeps } from './bot-deps.js';
import { code, md, raw } from '../markdown.js';

const NO_SIGN_IN =
  `${FOR_ADMINS} You haven't given me access to Webex yet, so I can't read or change your organization's ` +
  'voicemail rules. Ask the bot operator to store your token (`npm run token -- set <your person id>`).';

const PURPOSE: Record<Need, string> = {
  view: 'show your organization’s voicemail rules',
  change: 'change your organization’s voicemail rules',
  orgs: 'work with the organizations you manage',
  all: 'show or change your organization’s voicemail rules',
};

/** "a, b and c" */
const inWords = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * What a person without usable access is told: a refusal (access gate), a sign-in link asking Webex for
 * what the request needs (or, with `missing`, for the scopes the current sign-in lacks), or the CLI.
 */
export function createAccessHelp(deps: {
  gate: AccessGate;
  signIn?: SignInLinks;
  linkTtlMs: number;
}): BotDeps['accessHelp'] {
  const minutes = Math.max(1, Math.round(deps.linkTtlMs / 60_000));
  const expiry = `the link is for you only, works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return async (who) => {
    if (!deps.gate.allows({ emails: [who.email], orgId: who.orgId })) return GATE_REFUSAL;
    const need = who.then ? needOf(who.then) : (who.need ?? 'all');
    const missing = who.missing ?? [];
    const asked = missing.map((s) => md`**${scopeInWords(s)}** (${code(s)})`).join(', ');
    if (!deps.signIn) {
      return missing.length
        ? `To ${PURPOSE[need]} your stored Webex token also needs ${asked}. Ask the bot operator to store one that has it.`
        : NO_SIGN_IN;
    }
    const scopes = consentScopes(need, who.granted);
    const link = await deps.signIn.linkFor({
      personId: who.personId,
      roomId: who.roomId,
      roomType: who.roomType,
      then: who.then,
      scopes,
    });
    const next = carryOnLine(who.then);
    if (missing.length) {
      return [
        `To ${PURPOSE[need]} I need one more permission from your Webex sign-in: ${asked}.`,
        `**[Sign in with Webex](${link})** to allow it: ${expiry}.`,
        next,
      ]
        .filter(Boolean)
        .join('\n\n');
    }
    return [
      `${FOR_ADMINS} To ${PURPOSE[need]} I need access through your own Webex sign-in` +
        `${need === 'change' ? ' (a full administrator’s)' : ''}.`,
      `**[Sign in with Webex](${link})**: ${expiry}. Webex will ask you to let me ` +
        `${inWords(scopes.map(scopeInWords))}.`,
      next,
    ]
      .filter(Boolean)
      .join('\n\n');
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
 * it. In a group space it says no more than that the person is signed in (or, for someone the bot cannot
 * help, that it kept nothing).
 */
export function createSignInNotifier(deps: {
  messages: MessagesClient;
  /** Carries on with the command (or the Save) a sign-in was asked for. */
  runtime: Pick<BotRuntime, 'run' | 'resubmit'>;
}): (req: SignInRequest, outcome: SignInOutcome) => Promise<void> {
  return async (req, outcome) => {
    const say = (markdown: string) => deps.messages.send({ roomId: req.roomId, markdown });
    const group = req.roomType === 'group';
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
      case 'wrong-person':
        await say(
          md`The sign-in link I made was used by ${shortName(outcome.person.displayName)}, not by the person who asked for it, ` +
            'so nothing was stored. Each link works only for the person who asked: say `/login` for a new one.',
        );
        return;
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
          needOf(then) === 'change' &&
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
        const where = { roomId: req.roomId, roomType: req.roomType };
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
