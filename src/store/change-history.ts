import { z } from 'zod';
import type { KeyValueStore } from './key-value-store.js';

/** What a change did to a PIN: never a value, since the bot never keeps one. */
export type PinOutcome = 'set' | 'replaced' | 'discarded' | 'reset';

/** Settings as Webex holds them, for the settings a change touched: never a PIN. */
export interface RulesValues {
  defaultVoicemailPinEnabled?: boolean;
  expirePasscode?: { enabled: boolean; numberOfDays?: number };
  changePasscode?: { enabled: boolean; numberOfDays?: number };
  blockPreviousPasscodes?: { enabled: boolean; numberOfPasscodes?: number };
}

/**
 * One change the bot applied to an org (or may have: `outcome: 'uncertain'`), as the history keeps it.
 * Names and emails are stored as Webex gave them and escaped only when shown.
 */
export interface HistoryEntry {
  /** ISO 8601, UTC. */
  at: string;
  kind: 'rules' | 'reset' | 'undo';
  by: { personId: string; displayName: string; email: string };
  org: { id: string; name: string };
  /** Before → after per setting, in the bot's own words (plan-update's Change list): never a PIN. */
  changes: { setting: string; before?: string; after: string }[];
  pin?: PinOutcome;
  /**
   * A rules change's values before and after, for exactly the settings it touched (what `/voicemail undo`
   * puts back); `before` lacks a setting Webex did not report. Absent on entries made before undo existed.
   */
  values?: { before: RulesValues; after: RulesValues };
  /** The person whose own PIN a `reset` entry is about. */
  person?: { id: string; displayName: string; email: string };
  /** An undo: the change it undid (when and by whom). */
  undoes?: { at: string; by: string };
  /** `uncertain`: Webex never answered the PUT and reading the rules back could not show all of it. */
  outcome: 'certain' | 'uncertain';
  /** For an uncertain outcome: what reading the rules back showed (`failed`: the read failed too). */
  readBack?: 'all' | 'some' | 'unconfirmed' | 'none' | 'failed';
  trackingId?: string;
  /** Applied by a fleet run (one policy across many customer orgs): which run. */
  fleet?: { runId: string };
}

const days = z.object({ enabled: z.boolean(), numberOfDays: z.number().optional() });
const valuesSchema: z.ZodType<RulesValues> = z.object({
  defaultVoicemailPinEnabled: z.boolean().optional(),
  expirePasscode: days.optional(),
  changePasscode: days.optional(),
  blockPreviousPasscodes: z
    .object({ enabled: z.boolean(), numberOfPasscodes: z.number().optional() })
    .optional(),
});

const entrySchema: z.ZodType<HistoryEntry> = z.object({
  at: z.string(),
  kind: z.enum(['rules', 'reset', 'undo']),
  by: z.object({ personId: z.string(), displayName: z.string(), email: z.string() }),
  org: z.object({ id: z.string(), name: z.string() }),
  changes: z.array(z.object({ setting: z.string(), before: z.string().optional(), after: z.string() })),
  pin: z.enum(['set', 'replaced', 'discarded', 'reset']).optional(),
  values: z.object({ before: valuesSchema, after: valuesSchema }).optional(),
  person: z.object({ id: z.string(), displayName: z.string(), email: z.string() }).optional(),
  undoes: z.object({ at: z.string(), by: z.string() }).optional(),
  outcome: z.enum(['certain', 'uncertain']),
  readBack: z.enum(['all', 'some', 'unconfirmed', 'none', 'failed']).optional(),
  trackingId: z.string().optional(),
  fleet: z.object({ runId: z.string() }).optional(),
});

export interface ChangeHistory {
  /** Appends to the org's history, dropping the oldest entries beyond the configured bound. */
  append(entry: HistoryEntry): Promise<void>;
  /** The newest `count` entries for an org, newest first; `unreadable` counts entries that did not parse. */
  newest(orgId: string, count: number): Promise<{ entries: HistoryEntry[]; unreadable: number }>;
}

export const historyKey = (orgId: string): string => `history:${orgId}`;

/**
 * One Redis stream per org (`history:<orgId>`), shared by every instance, bounded to `maxEntries`. An audit
 * trail outlives any form or card, so it has no TTL: its length is the bound.
 */
export function createChangeHistory(kv: KeyValueStore, opts: { maxEntries: number }): ChangeHistory {
  return {
    append: (entry) => kv.appendCapped(historyKey(entry.org.id), JSON.stringify(entry), opts.maxEntries),
    async newest(orgId, count) {
      const entries: HistoryEntry[] = [];
      let unreadable = 0;
      for (const raw of await kv.newestEntries(historyKey(orgId), count)) {
        let parsed;
        try {
          parsed = entrySchema.safeParse(JSON.parse(raw));
        } catch {
          parsed = undefined;
        }
        if (parsed?.success) entries.push(parsed.data);
        else unreadable++;
      }
      return { entries, unreadable };
    },
  };
}
