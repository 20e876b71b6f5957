import type { Need } from '../auth/capability.js';
import type { Logger } from '../log/create-logger.js';
import type { CarryOn } from '../store/sign-in-states.js';
import type { FormSessions } from '../store/form-sessions.js';
import type { MessagesClient } from '../webex/messages-client.js';
import type { OrgDirectory } from '../webex/org-directory.js';
import type { TelephonyClient } from '../webex/telephony-client.js';
import type { PinRules, RulesSettings } from '../voicemail/rules.js';
import type { CardRenderer } from '../cards/render.js';
import type { Access, AccessProvider } from './access-provider.js';

/** What a form was built from; the submit is compared with it to learn what the admin changed. */
export interface FormSnapshot {
  settings: RulesSettings;
  pinRules: PinRules;
}

/** Everything the command handlers need, injected so tests run them against the emulator and a test prefix. */
export interface BotDeps {
  telephony: TelephonyClient;
  messages: MessagesClient;
  access: AccessProvider;
  forms: FormSessions<FormSnapshot>;
  orgs: OrgDirectory;
  cards: CardRenderer;
  log: Logger;
  /** The org a person's voicemail commands act on: their choice (`/org use`) or their own org. */
  targetOrg(access: Access): Promise<{ orgId: string | undefined }>;
  /** How a person without usable access gets it (a sign-in link once OAuth is configured). */
  accessHelp(ctx: {
    personId: string;
    email: string;
    orgId?: string;
    roomId: string;
    roomType: 'direct' | 'group';
    /** The command to carry on with after sign-in; what the consent asks for follows from it. */
    then?: CarryOn;
    /** What the request needs when there is no command to carry on with (default: everything). */
    need?: Need;
    /** Scopes the current sign-in holds: a new one asks for them too, so it takes nothing away. */
    granted?: readonly string[];
    /** Scopes the current sign-in lacks for this request: the reply names them. */
    missing?: readonly string[];
  }): Promise<string>;
}
