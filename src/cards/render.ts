import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../project-root.js';

import { Template } from 'adaptivecards-templating';

import { confirmChangeData, type ConfirmChangeData, type ConfirmChangeInput } from './confirm-change.js';
import { rulesSummaryData, type RulesSummaryData, type RulesSummaryInput } from './rules-summary.js';
import { voicemailFormData, type VoicemailFormData, type VoicemailFormInput } from './voicemail-form.js';

/** Each template in cards/ and the data it is filled with. */
export interface CardDataByName {
  'voicemail-form': VoicemailFormData;
  'rules-summary': RulesSummaryData;
  'confirm-change': ConfirmChangeData;
}

export type CardName = keyof CardDataByName;

export const CARD_NAMES: readonly CardName[] = ['voicemail-form', 'rules-summary', 'confirm-change'];

/** A filled Adaptive Card, ready to go into a message attachment. */
export interface CardJson {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

export interface CardRenderer {
  render<N extends CardName>(name: N, data: CardDataByName[N]): CardJson;
  /** The settings form, pre-filled from the stored settings (or from typed values on a re-send). */
  voicemailFormCard(input: VoicemailFormInput): CardJson;
  /** The `/voicemail show` card. */
  rulesSummaryCard(input: RulesSummaryInput): CardJson;
  /** What a change to a customer org will do, with Confirm and Cancel. */
  confirmChangeCard(input: ConfirmChangeInput): CardJson;
}

/** cards/ sits at the project root. */
export function defaultCardsDir(from: string = fileURLToPath(import.meta.url)): string {
  return join(projectRoot(from), 'cards');
}

/**
 * Loads each template once, on first use, and fills it per call. Templates are data files: a broken one
 * fails on first render with the file named, and the card tests render every one.
 */
export function createCardRenderer(cardsDir: string = defaultCardsDir()): CardRenderer {
  const templates = new Map<CardName, Template>();

  const templateFor = (name: CardName): Template => {
    const cached = templates.get(name);
    if (cached) return cached;
    if (!CARD_NAMES.includes(name)) throw new Error(`unknown card ${String(name)}`);
    const file = join(cardsDir, `${name}.json`);
    let payload: unknown;
    try {
      payload = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new Error(`cannot load card template ${file}`, { cause });
    }
    const template = new Template(payload);
    templates.set(name, template);
    return template;
  };

  const render: CardRenderer['render'] = (name, data) =>
    // A whole-string expression such as "${expire.value}" keeps its type, so numbers stay numbers.
    templateFor(name).expand({ $root: data }) as CardJson;

  return {
    render,
    voicemailFormCard: (input) => render('voicemail-form', voicemailFormData(input)),
    rulesSummaryCard: (input) => render('rules-summary', rulesSummaryData(input)),
    confirmChangeCard: (input) => render('confirm-change', confirmChangeData(input)),
  };
}
