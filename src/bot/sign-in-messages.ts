import { GATE_REFUSAL, type AccessGate } from '../auth/access-gate.js';
import type { SignInLinks, SignInOutcome } from '../auth/sign-in-service.js';
import type { SignInRequest } from '../store/sign-in-states.js';
import type { MessagesClient } from '../webex/messages-client.js';
import type { BotRuntime } from './attach-bot.js';
import type { BotDeps } from './bot-deps.js';
import { md } from '../markdown.js';

const NO_SIGN_IN =
  "You haven't given me access to Webex yet, so I can't read or change your organization's voicemail rules. " +
  'Ask the bot operator to store your token (`npm run token -- set <your person id>`).';

/** What a person without usable access is told: a refusal (access gate), a sign-in link, or the CLI. */
export function createAccessHelp(deps: {
  gate: AccessGate;
  signIn?: SignInLinks;
  linkTtlMs: number;
}): BotDeps['accessHelp'] {
  const minutes = Math.max(1, Math.round(deps.linkTtlMs / 60_000));
  return async (who) => {
    if (!deps.gate.allows({ emails: [who.email], orgId: who.orgId })) return GATE_REFUSAL;
    if (!deps.signIn) return NO_SIGN_IN;
    const link = await deps.signIn.linkFor({
      personId: who.personId,
      roomId: who.roomId,
      roomType: who.roomType,
      then: who.then,
    });
    return (
      'To read or change your organization’s voicemail rules I need your own Webex sign-in ' +
      '(a full administrator’s, to change them).\n\n' +
      `**[Sign in with Webex](${link})**: the link is for you only, works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`
    );
  };
}

/**
 * Tells the room that asked how a sign-in ended and, when it was asked for by a command, carries on with
 * it. In a group space it says no more than that the person is signed in.
 */
export function createSignInNotifier(deps: {
  messages: MessagesClient;
  /** Carries on with the command a sign-in was asked for. */
  runtime: Pick<BotRuntime, 'run'>;
}): (req: SignInRequest, outcome: SignInOutcome) => Promise<void> {
  return async (req, outcome) => {
    const say = (markdown: string) => deps.messages.send({ roomId: req.roomId, markdown });
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
          md`The sign-in link I made was used by ${outcome.person.displayName}, not by the person who asked for it, ` +
            'so nothing was stored. Each link works only for the person who asked: say `/login` for a new one.',
        );
        return;
      case 'signed-in': {
        await say(
          req.roomType === 'group'
            ? md`${outcome.person.displayName} is signed in.`
            : md`You are signed in as ${outcome.person.displayName}. \`/voicemail\` works now.`,
        );
        if (req.then) {
          await deps.runtime.run(
            { kind: req.then },
            { roomId: req.roomId, roomType: req.roomType },
            outcome.person,
          );
        }
      }
    }
  };
}
