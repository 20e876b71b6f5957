import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CARD_NAMES, createCardRenderer, defaultCardsDir, type CardJson } from '../../../src/cards/render.js';
import { formSubmissionSchema, parseFormSubmission } from '../../../src/voicemail/form-input.js';
import { FORM_INPUT_IDS } from '../../../src/voicemail/form-input-ids.js';
import { FORM_ORDER } from '../../../src/cards/voicemail-form.js';
import { SECTIONS, readSection } from '../../../src/voicemail/setting-sections.js';
import { PIN_DISCARD_WARNING } from '../../../src/voicemail/plan-update.js';
import { planUpdate } from '../../../src/voicemail/plan-update.js';
import type { RulesSettings } from '../../../src/voicemail/rules.js';
import {
  lenientPinRules,
  pinRules,
  settings,
  settingsWithStored180,
} from '../../helpers/voicemail-fixtures.js';
import {
  actions,
  cardProblems,
  elements,
  inputById,
  inputs,
  submitUntouched,
  type CardElement,
} from '../../helpers/adaptive-card-check.js';
import { rendered, visible } from '../../helpers/inert-markdown.js';

const renderer = createCardRenderer();
const orgName = 'Acme Corp';
const org = { orgName, customer: false };

const formCard = (
  s: RulesSettings = settings(),
  extra: Partial<Parameters<typeof renderer.voicemailFormCard>[0]> = {},
) => renderer.voicemailFormCard({ org, formId: 'form-123', settings: s, pinRules: pinRules(), ...extra });

const confirmCard = (extra: Partial<Parameters<typeof renderer.confirmChangeCard>[0]> = {}) =>
  renderer.confirmChangeCard({
    org: { orgName: 'Globex', customer: true },
    confirmId: 'confirm-123',
    changes: [{ setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 60 days' }],
    owner: 'Pat Partner',
    minutes: 30,
    ...extra,
  });

/** Realistic fillings of every template, including the edge cases each one has. */
const scenarios: [string, () => CardJson][] = [
  ['form, documented settings', () => formCard()],
  ['form, stored expiry 180', () => formCard(settingsWithStored180())],
  [
    'form, everything off, lenient PIN rules',
    () =>
      renderer.voicemailFormCard({
        org,
        formId: 'form-2',
        settings: settings({
          defaultVoicemailPinEnabled: false,
          expirePasscode: { enabled: false, numberOfDays: 15 },
          changePasscode: { enabled: false, numberOfDays: 7 },
          blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 1 },
        }),
        pinRules: lenientPinRules({ min: 4, max: 4 }),
      }),
  ],
  [
    'form, re-sent with errors and typed values',
    () =>
      formCard(settings(), {
        values: { expirePasscode: { enabled: true, numberOfDays: 120 }, defaultVoicemailPin: '805163' },
        errors: [
          'Passcode expiry must be 15–100 days (got 120)',
          { message: 'PIN must contain digits (0–9) only' },
        ],
      }),
  ],
  [
    'form, group space, refused PIN and a number error at their fields, a setting not reported',
    () =>
      formCard(settings({ changePasscode: undefined, blockPreviousPasscodes: { enabled: false } }), {
        owner: 'Alice Admin',
        values: { expirePasscode: { enabled: true, numberOfDays: 120 } },
        errors: [
          { field: 'defaultVoicemailPin', message: 'Webex refused it: bad PIN', pinRefused: true },
          { field: 'expirePasscodeDays', message: 'Passcode expiry must be 15–100 days (got 120)' },
          { field: 'form', message: 'Webex said: something else' },
        ],
      }),
  ],
  ['rules summary', () => renderer.rulesSummaryCard({ org, settings: settings(), pinRules: pinRules() })],
  [
    'rules summary, 180 and an edit button',
    () =>
      renderer.rulesSummaryCard({
        org,
        settings: settingsWithStored180(),
        pinRules: lenientPinRules(),
        canEdit: true,
      }),
  ],
  [
    'rules summary, a read-only administrator’s (no inputs, a closing line)',
    () =>
      renderer.rulesSummaryCard({
        org,
        settings: settings(),
        pinRules: pinRules(),
        note: 'Only a full administrator can change these rules.',
      }),
  ],
  [
    'rules summary, customer org in a mixed space',
    () =>
      renderer.rulesSummaryCard({
        org: { orgName: 'Globex', customer: true, warning: 'This space includes people from Acme Corp' },
        settings: settings(),
        pinRules: pinRules(),
      }),
  ],
  ['confirm change', () => confirmCard()],
  [
    'confirm change, several settings and a warning',
    () =>
      confirmCard({
        org: { orgName: 'Globex', customer: true, warning: 'This space includes people from 2 other orgs' },
        changes: [
          { setting: 'Passcode expiry', before: 'on, 180 days', after: 'on, 60 days' },
          { setting: 'Block reuse of previous passcodes', before: 'on, 10 passcodes', after: 'off' },
        ],
      }),
  ],
];

describe('cards/', () => {
  it('has a renderer entry for every template file, and a template for every entry', () => {
    const files = readdirSync(defaultCardsDir())
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    assert.deepEqual(files.sort(), [...CARD_NAMES].sort());
  });

  it('every template is covered by a scenario', () => {
    const rendered = new Set(scenarios.map(([name]) => name.split(',')[0]));
    assert.deepEqual([...rendered].sort(), ['confirm change', 'form', 'rules summary']);
  });

  it('every template starts with the same org banner element (one shape for every card)', () => {
    const first = CARD_NAMES.map(
      (name) =>
        (JSON.parse(readFileSync(join(defaultCardsDir(), `${name}.json`), 'utf8')) as { body: unknown[] })
          .body[0],
    );
    const [banner, ...rest] = first;
    assert.match(JSON.stringify(banner), /\$\{orgBanner\.text\}/);
    for (const [i, other] of rest.entries()) assert.deepEqual(other, banner, CARD_NAMES[i + 1]);
  });

  for (const [name, build] of scenarios) {
    describe(name, () => {
      const card = build();

      it('parses as Adaptive Card 1.3 with no errors or warnings', () => {
        assert.deepEqual(cardProblems(card), []);
      });

      it('declares version 1.3 and the schema, with at most 5 actions', () => {
        assert.equal(card.version, '1.3');
        assert.equal(card.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
        assert.ok(actions(card).length <= 5);
      });

      it('has no template expression left unfilled', () => {
        assert.doesNotMatch(JSON.stringify(card), /\$\{|"\$when"|"\$data"/);
      });
    });
  }

  it('the checker itself catches what Webex would not render (unknown types, 1.5 properties, bare inputs)', () => {
    const problems = cardProblems({
      type: 'AdaptiveCard',
      version: '1.3',
      body: [
        { type: 'Input.Text', id: 'p', label: 'PIN', style: 'Password' },
        { type: 'Rating', id: 'r' },
        { type: 'Input.Number', id: 'n', isRequired: true },
      ],
      actions: [{ type: 'Action.Execute', title: 'Go' }],
    });
    assert.deepEqual(
      problems.map((p) => p.split(':').slice(0, 2).join(':')),
      [
        'parse: InvalidPropertyValue',
        'parse: UnknownElementType',
        'parse: UnknownActionType',
        'validate: RequiredInputsShouldHaveLabel',
        'validate: RequiredInputsShouldHaveErrorMessage',
      ],
    );
  });
});

describe('voicemail-form card', () => {
  it('has exactly the input ids of FORM_INPUT_IDS and of the zod schema', () => {
    const ids = inputs(formCard()).map((e) => String(e.id));
    assert.deepEqual([...ids].sort(), [...FORM_INPUT_IDS].sort());
    assert.deepEqual([...ids].sort(), Object.keys(formSubmissionSchema.shape).sort());
  });

  it('puts the most used settings first: expiry, previous passcodes, change limit, then the default PIN', () => {
    // Expiry is what security policies ask for, blocking reuse is what makes expiry mean anything, the
    // change limit only guards that history, and the default PIN is set once per org (FORM_ORDER says more).
    assert.deepEqual(
      inputs(formCard()).map((e) => e.id),
      [
        'expirePasscodeEnabled',
        'expirePasscodeDays',
        'blockPreviousPasscodesEnabled',
        'blockPreviousPasscodesCount',
        'changePasscodeEnabled',
        'changePasscodeDays',
        'defaultVoicemailPinEnabled',
        'defaultVoicemailPin',
        'defaultVoicemailPinGenerate',
      ],
    );
    assert.deepEqual([...FORM_ORDER].sort(), SECTIONS.map((s) => s.key).sort(), 'every setting, once');
  });

  it('names the org', () => {
    assert.ok(elements(formCard()).some((e) => e.type === 'TextBlock' && e.text === `Org: ${orgName}`));
  });

  it('pre-fills toggles as "true"/"false" and numbers as numbers', () => {
    const card = formCard();
    assert.equal(inputById(card, 'defaultVoicemailPinEnabled').value, 'true');
    assert.equal(inputById(card, 'blockPreviousPasscodesEnabled').value, 'false');
    for (const [id, value, min, max] of [
      ['expirePasscodeDays', 100, 15, 100],
      ['changePasscodeDays', 1, 1, 7],
      ['blockPreviousPasscodesCount', 10, 1, 10],
    ] as const) {
      const input = inputById(card, id);
      assert.deepEqual([input.value, input.min, input.max], [value, min, max]);
      assert.equal(input.isRequired, true);
      assert.equal(typeof input.label, 'string');
      assert.match(String(input.errorMessage), new RegExp(`${min}–${max}`));
    }
  });

  it('never pre-fills the PIN, not even from typed values', () => {
    const card = formCard(settings(), { values: { defaultVoicemailPin: '805163' }, errors: ['x'] });
    const pin = inputById(card, 'defaultVoicemailPin');
    assert.equal(pin.value, undefined);
    assert.equal(pin.placeholder, 'leave empty to keep the current PIN');
    assert.equal(typeof pin.label, 'string');
    assert.ok(!JSON.stringify(card).includes('805163'));
  });

  it('limits the PIN client-side to the org length, allowing empty', () => {
    const pin = inputById(formCard(), 'defaultVoicemailPin');
    const regex = new RegExp(String(pin.regex));
    assert.deepEqual(
      ['', '805163', '8051', 'abcdef', '8'.repeat(30), '8'.repeat(31)].map((v) => regex.test(v)),
      [true, true, false, false, true, false],
    );
    assert.equal(pin.maxLength, 30);
    assert.match(String(pin.errorMessage), /6–30 digits/);
  });

  it('lists the org PIN rules next to the PIN field, folded away until tapped', () => {
    const card = formCard();
    const rules = elements(card).find((e) => e.id === 'pin-rules');
    assert.equal(rules?.isVisible, false);
    assert.match(JSON.stringify(rules), /- No digit more than 3 times in a row/);
    const opener = elements(card).find((e) => e.id === 'pin-rules-toggle');
    assert.deepEqual(opener?.selectAction, {
      type: 'Action.ToggleVisibility',
      targetElements: ['pin-rules'],
    });
    assert.match(JSON.stringify(opener), /PIN rules set by Webex/);
  });

  it('renders a stored expiry of 180 with max ≥ 180, and a note instead of an error', () => {
    const card = formCard(settingsWithStored180());
    const days = inputById(card, 'expirePasscodeDays');
    assert.equal(days.value, 180);
    assert.ok(Number(days.max) >= 180);
    assert.equal(days.min, 15);
    const texts = elements(card).map((e) => String(e.text));
    assert.ok(texts.some((t) => t.startsWith('Stored as 180 days, outside the 15–100 days')));
    assert.ok(!texts.some((t) => t.includes('Not saved')));
  });

  it('carries the formId in Save and Cancel, and Cancel sends no inputs', () => {
    const [save, cancel, ...rest] = actions(formCard());
    assert.deepEqual(rest, []);
    assert.deepEqual(
      [save?.title, save?.type, save?.data],
      ['Save', 'Action.Submit', { action: 'voicemail.submit', formId: 'form-123' }],
    );
    assert.deepEqual(cancel?.data, { action: 'voicemail.cancel', formId: 'form-123' });
    assert.equal(cancel?.associatedInputs, 'none');
  });

  it('shows the error banner only when there are errors', () => {
    const banner = (card: CardJson) =>
      elements(card).filter((e) => e.type === 'Container' && e.style === 'attention');
    assert.equal(banner(formCard()).length, 0);
    const card = formCard(settings(), { errors: ['Passcode expiry must be 15–100 days (got 120)'] });
    assert.equal(banner(card).length, 1);
    // Error text is plain text, escaped for the TextBlock's markdown.
    assert.ok(elements(card).some((e) => e.text === '- Passcode expiry must be 15–100 days \\(got 120\\)'));
  });

  it('pre-fills from typed values instead of the stored ones', () => {
    const card = formCard(settings(), {
      values: {
        defaultVoicemailPinEnabled: false,
        expirePasscode: { enabled: false, numberOfDays: 120 },
        blockPreviousPasscodes: { enabled: true },
      },
    });
    assert.equal(inputById(card, 'defaultVoicemailPinEnabled').value, 'false');
    assert.equal(inputById(card, 'expirePasscodeEnabled').value, 'false');
    assert.equal(inputById(card, 'expirePasscodeDays').value, 120);
    // The bounds stay those of the stored value: the client then asks for a number in range.
    assert.equal(inputById(card, 'expirePasscodeDays').max, 100);
    assert.equal(inputById(card, 'blockPreviousPasscodesEnabled').value, 'true');
    assert.equal(inputById(card, 'blockPreviousPasscodesCount').value, 10);
  });

  describe('round trip: Save on an untouched form changes nothing', () => {
    const cases: [string, RulesSettings][] = [
      ['documented settings', settings()],
      ['stored expiry 180, on', settingsWithStored180(true)],
      ['stored expiry 180, off', settingsWithStored180(false)],
      ['default PIN off', settings({ defaultVoicemailPinEnabled: false })],
    ];
    for (const [name, stored] of cases) {
      it(name, () => {
        const submitted = submitUntouched(formCard(stored), 'Save');
        assert.equal(submitted.formId, 'form-123');
        const parsed = parseFormSubmission(submitted);
        assert.ok(parsed.ok);
        if (!parsed.ok) return;
        assert.deepEqual(planUpdate(parsed.desired, stored, pinRules()), {
          ok: true,
          update: {},
          changes: [],
        });
      });
    }

    it('and Cancel delivers only the action data', () => {
      assert.deepEqual(submitUntouched(formCard(), 'Cancel'), {
        action: 'voicemail.cancel',
        formId: 'form-123',
      });
    });
  });
});

/** The card's elements a person sees as it opens: those with no hidden container around them. */
function shownElements(card: object): CardElement[] {
  const found: CardElement[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const element = node as CardElement;
    if (element.isVisible === false) return;
    found.push(element);
    for (const key of ['body', 'items', 'columns']) visit(element[key]);
  };
  visit((card as { body?: unknown }).body);
  return found;
}

/** Rows on screen as the card opens: each text, each input, and each input's label above it. */
const rows = (card: object): number =>
  shownElements(card).filter((e) => e.type === 'TextBlock' || String(e.type).startsWith('Input.')).length +
  shownElements(card).filter((e) => String(e.type).startsWith('Input.') && typeof e.label === 'string')
    .length;

describe('voicemail-form card fits the settings', () => {
  const allOff = settings({
    defaultVoicemailPinEnabled: false,
    expirePasscode: { enabled: false, numberOfDays: 60 },
    changePasscode: { enabled: false, numberOfDays: 3 },
    blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 5 },
  });
  const shownIds = (card: object) => new Set(shownElements(card).map((e) => e.id));

  for (const spec of SECTIONS) {
    it(`${spec.key}: its number is hidden while the setting is off, with a line that reveals it`, () => {
      const off = formCard(allOff);
      assert.ok(!shownIds(off).has(spec.numberField), 'hidden while off');
      assert.ok(shownIds(off).has(spec.enabledField));
      const reveal = elements(off).find((e) => e.id === `${spec.key}-reveal`);
      assert.deepEqual(reveal?.selectAction, {
        type: 'Action.ToggleVisibility',
        targetElements: [`${spec.key}-number`, `${spec.key}-reveal`],
      });
      // The stored number is still there (and submitted), so turning the setting on keeps it.
      assert.equal(inputById(off, spec.numberField).value, readSection(allOff, spec.name)?.value);
      assert.match(JSON.stringify(reveal), /now \d+ (days?|passcodes?)/);

      const on = formCard(
        settings({
          [spec.name]: {
            enabled: true,
            [spec.name === 'blockPreviousPasscodes' ? 'numberOfPasscodes' : 'numberOfDays']: 5,
          },
        }),
      );
      assert.ok(shownIds(on).has(spec.numberField), 'shown while on');
      assert.ok(!elements(on).some((e) => e.id === `${spec.key}-reveal`));
    });
  }

  it('shows a hidden number when it has something to say: an error, or a setting Webex did not report', () => {
    const withError = formCard(allOff, {
      errors: [
        { field: 'changePasscodeDays', message: 'Minimum time between passcode changes must be 1–7 days' },
      ],
    });
    assert.ok(shownIds(withError).has('changePasscodeDays'));
    const unreported = formCard(settings({ expirePasscode: undefined }));
    assert.ok(shownIds(unreported).has('expirePasscodeDays'));
    assert.match(JSON.stringify(unreported), /turn it on with a number to set it/);
  });

  it('says next to the default PIN toggle, while a PIN is stored, that turning it off discards it', () => {
    const on = formCard(settings({ defaultVoicemailPinEnabled: true }));
    const box = elements(on).find(
      (e) => e.type === 'Container' && JSON.stringify(e).includes('"defaultVoicemailPinEnabled"'),
    );
    const items = (box?.items ?? []) as CardElement[];
    const toggleAt = items.findIndex((e) => e.id === 'defaultVoicemailPinEnabled');
    assert.equal(items[toggleAt + 1]?.text, PIN_DISCARD_WARNING);
    assert.match(PIN_DISCARD_WARNING, /discards the stored PIN/);
    assert.ok(
      !JSON.stringify(formCard(allOff)).includes(PIN_DISCARD_WARNING),
      'no PIN stored: nothing to discard',
    );
  });

  it('a refused PIN comes back flagged at the PIN field, which asks for a different PIN; never echoed', () => {
    const card = formCard(settings(), {
      values: { expirePasscode: { enabled: true, numberOfDays: 45 }, defaultVoicemailPin: '111111' },
      errors: [
        {
          field: 'defaultVoicemailPin',
          message: 'PIN may not repeat a digit more than 3 times in a row',
          pinRefused: true,
        },
      ],
    });
    const pin = inputById(card, 'defaultVoicemailPin');
    assert.match(String(pin.label), /enter a different PIN/);
    assert.equal(pin.placeholder, 'enter a different PIN');
    assert.equal(pin.value, undefined);
    assert.ok(!JSON.stringify(card).includes('111111'));
    // The reason sits right under the field, and the rules that say why are unfolded.
    const box = elements(card).find(
      (e) => e.type === 'Container' && JSON.stringify(e).includes('"defaultVoicemailPin"'),
    );
    const items = (box?.items ?? []) as CardElement[];
    const at = items.findIndex((e) => e.id === 'defaultVoicemailPin');
    assert.deepEqual(
      [items[at + 1]?.text, items[at + 1]?.color],
      ['PIN may not repeat a digit more than 3 times in a row', 'Attention'],
    );
    assert.equal(elements(card).find((e) => e.id === 'pin-rules')?.isVisible, true);
    // The top says the form was not saved and points down; what was typed elsewhere is kept.
    assert.ok(elements(card).some((e) => e.text === 'Not saved. Please fix what is marked below.'));
    assert.equal(inputById(card, 'expirePasscodeDays').value, 45);
  });

  it('a PIN that is missing (not refused) does not ask for a "different" one', () => {
    const card = formCard(settings({ defaultVoicemailPinEnabled: false }), {
      values: { defaultVoicemailPinEnabled: true },
      errors: [{ field: 'defaultVoicemailPin', message: 'Enter a PIN to turn the default voicemail PIN on' }],
    });
    const pin = inputById(card, 'defaultVoicemailPin');
    assert.doesNotMatch(`${String(pin.label)} ${String(pin.placeholder)}`, /different/);
    assert.ok(elements(card).some((e) => e.text === 'Enter a PIN to turn the default voicemail PIN on'));
  });

  it('says whose form it is when an owner is given (group spaces), as plain text', () => {
    const card = formCard(settings(), { owner: 'Alice *Admin*' });
    assert.ok(elements(card).some((e) => e.text === 'Only Alice \\*Admin\\* can save this form.'));
    assert.ok(!JSON.stringify(formCard()).includes('can save this form'));
  });

  it('is short enough for a phone: fewer rows on screen than before, and well under the message limit', () => {
    // Measured on the form before this layout (every number and label shown, PIN rules listed): 25 rows
    // for a new org, 24 with the documented settings, 3.5–3.7 kB.
    const newOrg = settings({
      defaultVoicemailPinEnabled: false,
      expirePasscode: { enabled: true, numberOfDays: 180 },
      changePasscode: { enabled: false, numberOfDays: 1 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 10 },
    });
    assert.deepEqual(
      [rows(formCard(newOrg)), rows(formCard(settings())), rows(formCard(allOff))],
      // One row more than the layout's first measure (15, 15, 12): "generate a PIN for me".
      [16, 16, 13],
    );
    for (const card of [formCard(newOrg), formCard(settings()), formCard(allOff)]) {
      assert.ok(Buffer.byteLength(JSON.stringify(card)) < 4500, 'a few kB, far below what Webex takes');
    }
  });
});

describe('rules-summary card', () => {
  it('shows the settings as facts and the PIN rules, with no actions unless editing is offered', () => {
    const card = renderer.rulesSummaryCard({
      org,
      settings: settingsWithStored180(),
      pinRules: pinRules(),
    });
    const factSet = elements(card).find((e) => e.type === 'FactSet');
    assert.deepEqual(factSet?.facts, [
      { title: 'Default voicemail PIN', value: 'on' },
      { title: 'Passcode expiry', value: 'on, 180 days (new values must be 15–100 days)' },
      { title: 'Minimum time between passcode changes', value: 'on, 1 day' },
      { title: 'Block reuse of previous passcodes', value: 'off' },
    ]);
    assert.ok(elements(card).some((e) => e.text === `Org: ${orgName}`));
    assert.ok(elements(card).some((e) => e.text === '- No repeated groups of digits (such as 4545 or 1212)'));
    assert.deepEqual(actions(card), []);
    const editable = renderer.rulesSummaryCard({
      org: { ...org, orgId: 'org-acme' },
      settings: settings(),
      pinRules: pinRules(),
      canEdit: true,
    });
    // The org goes with the press: "Change settings" opens a form for that org only.
    assert.deepEqual(
      actions(editable).map((a) => a.data),
      [{ action: 'voicemail.edit', orgId: 'org-acme', orgName }],
    );
    assert.ok(!elements(card).some((e) => e.text === 'Only a full administrator can change these rules.'));
  });

  it('a read-only administrator’s: no inputs, no actions, and the closing line saying who can change them', () => {
    const card = renderer.rulesSummaryCard({
      org,
      settings: settings(),
      pinRules: pinRules(),
      note: 'Only a full administrator can change these rules.',
    });
    assert.equal(inputs(card).length, 0);
    assert.deepEqual(actions(card), []);
    const last = elements(card).at(-1);
    assert.equal(last?.type, 'TextBlock');
    assert.equal(last?.text, 'Only a full administrator can change these rules.');
  });
});

describe('the org banner at the top of every card', () => {
  const bannerOf = (card: CardJson) =>
    card.body[0] as { style: string; items: { text: string; size?: string }[] };

  it('own org: a plain "Org: <name>" heading, no warning', () => {
    const banner = bannerOf(formCard());
    assert.equal(banner.style, 'default');
    assert.deepEqual(
      banner.items.map((i) => i.text),
      ['Org: Acme Corp'],
    );
  });

  it('customer org: a warning-style container naming it and how it was chosen, larger than body text', () => {
    for (const card of [
      formCard(settings(), { org: { orgName: 'Globex', customer: true } }),
      renderer.rulesSummaryCard({
        org: { orgName: 'Globex', customer: true },
        settings: settings(),
        pinRules: pinRules(),
      }),
      confirmCard(),
    ]) {
      const banner = bannerOf(card);
      assert.equal(banner.style, 'warning');
      assert.equal(banner.items[0]?.text, 'Customer org: Globex, chosen with /org use');
      assert.equal(banner.items[0]?.size, 'Medium');
      assert.equal(banner.items.length, 1);
    }
  });

  it('a warning turns the banner to attention and sits right under the org', () => {
    const banner = bannerOf(
      formCard(settings(), {
        org: { orgName: 'Globex', customer: true, warning: 'This space includes people from Acme Corp' },
      }),
    );
    assert.equal(banner.style, 'attention');
    assert.deepEqual(
      banner.items.map((i) => i.text),
      ['Customer org: Globex, chosen with /org use', 'This space includes people from Acme Corp'],
    );
  });
});

describe('confirm-change card', () => {
  it('lists each change before → after, names who may confirm, and carries Confirm and Cancel', () => {
    const card = confirmCard();
    assert.deepEqual(inputs(card), []);
    assert.deepEqual(elements(card).find((e) => e.type === 'FactSet')?.facts, [
      { title: 'Passcode expiry', value: 'on, 180 days → on, 60 days' },
    ]);
    assert.ok(
      elements(card).some(
        (e) => e.text === 'Only Pat Partner can confirm or cancel this, within 30 minutes.',
      ),
    );
    assert.deepEqual(submitUntouched(card, 'Confirm'), {
      action: 'voicemail.confirm',
      confirmId: 'confirm-123',
    });
    assert.deepEqual(submitUntouched(card, 'Cancel'), {
      action: 'voicemail.confirm-cancel',
      confirmId: 'confirm-123',
    });
  });
  it('says what the confirmation is for: its own title, lines without a before, notes and button words', () => {
    const card = confirmCard({
      title: 'Reset a voicemail PIN',
      intro: 'José Núñez gets the org default PIN back.',
      changes: [{ setting: 'Voicemail PIN of José Núñez', after: 'reset to the org default' }],
      notes: ['They must change it the next time they use voicemail.'],
      confirmTitle: 'Reset PIN',
    });
    const texts = elements(card).map((e) => e.text);
    assert.ok(texts.includes('Reset a voicemail PIN'));
    assert.ok(texts.includes('José Núñez gets the org default PIN back.'));
    assert.ok(texts.includes('They must change it the next time they use voicemail.'));
    assert.deepEqual(elements(card).find((e) => e.type === 'FactSet')?.facts, [
      { title: 'Voicemail PIN of José Núñez', value: 'reset to the org default' },
    ]);
    assert.deepEqual(submitUntouched(card, 'Reset PIN'), {
      action: 'voicemail.confirm',
      confirmId: 'confirm-123',
    });
  });

  it('leaves the notes out when there are none', () => {
    const attention = (card: CardJson) => elements(card).filter((e) => e.color === 'Attention');
    assert.equal(attention(confirmCard()).length, 0);
    assert.equal(attention(confirmCard({ notes: ['one', 'two'] })).length, 2);
  });
});

describe('cards with text from Webex or a user', () => {
  const hostile = '<@all> [Sign in again here](https://evil.example/login) **URGENT** ${formId} evil.com';
  const cards: [string, CardJson][] = [
    [
      'form',
      renderer.voicemailFormCard({
        org: { orgName: hostile, customer: true, warning: `This space includes people from ${hostile}` },
        formId: 'form-9',
        settings: settings(),
        pinRules: pinRules(),
        errors: [`Webex said: ${hostile}`],
      }),
    ],
    ['confirm change', confirmCard({ org: { orgName: hostile, customer: true }, owner: hostile })],
    [
      'rules summary',
      renderer.rulesSummaryCard({
        org: { orgName: hostile, customer: false },
        settings: settings(),
        pinRules: pinRules(),
      }),
    ],
  ];
  for (const [name, card] of cards) {
    it(`${name}: every TextBlock holding it renders as plain text that reads as it`, () => {
      const holding = elements(card).filter(
        (e) => e.type === 'TextBlock' && typeof e.text === 'string' && e.text.includes('URGENT'),
      );
      assert.ok(holding.length > 0, 'the name is on the card');
      for (const block of holding) {
        const out = rendered(block.text as string);
        // Lines the template itself starts with "- " are list items.
        assert.deepEqual(
          out.elements.filter((e) => !['p', 'ul', 'li'].includes(e)),
          [],
          String(block.text),
        );
        assert.equal(out.mentions, 0);
        assert.equal(out.linkable, false);
        assert.ok(visible(out.text).includes(visible(hostile)), out.text);
      }
    });
  }
});
