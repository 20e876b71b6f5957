import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PIN_DISCARD_WARNING } from '../../../src/voicemail/plan-update.js';
import { planUndo, type UndonePin } from '../../../src/voicemail/plan-undo.js';
import { rulesUpdateSchema, type RulesSettings } from '../../../src/voicemail/rules.js';
import { SECTIONS, readSection } from '../../../src/voicemail/setting-sections.js';
import { sectionText } from '../../../src/voicemail/plan-update.js';
import { pinRules, settings } from '../../helpers/voicemail-fixtures.js';

const rules = pinRules();

describe('planUndo: what undoing a rules change puts back', () => {
  it('puts back exactly the touched settings’ "before", from the rules as they are now', () => {
    const now = settings({ expirePasscode: { enabled: true, numberOfDays: 60 } });
    const plan = planUndo(
      {
        values: {
          before: { expirePasscode: { enabled: true, numberOfDays: 90 } },
          after: { expirePasscode: { enabled: true, numberOfDays: 60 } },
        },
      },
      now,
      rules,
    );
    assert.deepEqual(plan.update, { expirePasscode: { enabled: true, numberOfDays: 90 } });
    assert.deepEqual(plan.changes, [
      { setting: 'Passcode expiry', before: 'on, 60 days', after: 'on, 90 days' },
    ]);
    assert.deepEqual(plan.drifts, []);
    assert.deepEqual(plan.kept, []);
    assert.deepEqual(plan.notes, []);
  });

  it('shows what changed since, and starts the lines from the rules now', () => {
    const now = settings({
      expirePasscode: { enabled: true, numberOfDays: 45 },
      blockPreviousPasscodes: { enabled: false, numberOfPasscodes: 3 },
    });
    const plan = planUndo(
      {
        values: {
          before: {
            expirePasscode: { enabled: true, numberOfDays: 90 },
            blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
          },
          after: {
            expirePasscode: { enabled: true, numberOfDays: 60 },
            blockPreviousPasscodes: { enabled: false },
          },
        },
      },
      now,
      rules,
    );
    assert.deepEqual(plan.drifts, [{ setting: 'Passcode expiry', shown: 'on, 60 days', now: 'on, 45 days' }]);
    assert.deepEqual(plan.update, {
      expirePasscode: { enabled: true, numberOfDays: 90 },
      blockPreviousPasscodes: { enabled: true, numberOfPasscodes: 5 },
    });
    assert.deepEqual(plan.changes, [
      { setting: 'Passcode expiry', before: 'on, 45 days', after: 'on, 90 days' },
      { setting: 'Block reuse of previous passcodes', before: 'off', after: 'on, 5 passcodes' },
    ]);
  });

  it('a "before" outside today’s PUT range, or one Webex did not report, is said and not sent', () => {
    const plan = planUndo(
      {
        values: {
          before: { expirePasscode: { enabled: true, numberOfDays: 180 } },
          after: {
            expirePasscode: { enabled: true, numberOfDays: 60 },
            changePasscode: { enabled: true, numberOfDays: 2 },
          },
        },
      },
      settings({
        expirePasscode: { enabled: true, numberOfDays: 60 },
        changePasscode: { enabled: true, numberOfDays: 2 },
      }),
      rules,
    );
    assert.deepEqual(plan.update, {});
    assert.deepEqual(plan.changes, []);
    assert.deepEqual(plan.kept, [
      '**Passcode expiry**: not put back: it was on, 180 days before that change, and Webex takes only 15–100 days in a change now',
      '**Minimum time between passcode changes**: not put back: it was not reported by Webex before that change',
    ]);
  });

  it('a setting that already reads as before is left alone, even out of range', () => {
    const plan = planUndo(
      {
        values: {
          before: { expirePasscode: { enabled: true, numberOfDays: 180 } },
          after: { expirePasscode: { enabled: true, numberOfDays: 60 } },
        },
      },
      settings({ expirePasscode: { enabled: true, numberOfDays: 180 } }),
      rules,
    );
    assert.deepEqual(plan.update, {});
    assert.deepEqual(plan.kept, []);
    assert.deepEqual(plan.drifts, [
      { setting: 'Passcode expiry', shown: 'on, 60 days', now: 'on, 180 days' },
    ]);
  });

  it('a replaced PIN cannot be restored; the flag it left on stays', () => {
    const plan = planUndo(
      {
        values: { before: { defaultVoicemailPinEnabled: true }, after: { defaultVoicemailPinEnabled: true } },
        pin: 'replaced',
      },
      settings({ defaultVoicemailPinEnabled: true }),
      rules,
    );
    assert.deepEqual(plan.update, {});
    assert.deepEqual(plan.kept, [
      '**Default PIN**: the PIN that change replaced cannot be restored: Webex never returns a PIN, so I never had it',
    ]);
  });

  it('a PIN set on a default PIN that was off: turned off again, with the discard warning', () => {
    const plan = planUndo(
      {
        values: {
          before: { defaultVoicemailPinEnabled: false },
          after: { defaultVoicemailPinEnabled: true },
        },
        pin: 'set',
      },
      settings({ defaultVoicemailPinEnabled: true }),
      rules,
    );
    assert.deepEqual(plan.update, { defaultVoicemailPinEnabled: false });
    assert.deepEqual(plan.changes, [
      { setting: 'Default voicemail PIN', before: 'on', after: 'off (the stored PIN is discarded)' },
    ]);
    assert.deepEqual(plan.kept, []);
    assert.ok(plan.notes.includes(PIN_DISCARD_WARNING));
    assert.match(plan.notes[0] ?? '', /That change set the default PIN/);
  });

  it('turning the default PIN back on needs a new PIN: said with the way to give one, never sent', () => {
    const plan = planUndo(
      {
        values: {
          before: { defaultVoicemailPinEnabled: true, expirePasscode: { enabled: false, numberOfDays: 60 } },
          after: { defaultVoicemailPinEnabled: false, expirePasscode: { enabled: true, numberOfDays: 30 } },
        },
        pin: 'discarded',
      },
      settings({ defaultVoicemailPinEnabled: false, expirePasscode: { enabled: true, numberOfDays: 30 } }),
      rules,
    );
    // The expiry is put back (off: its number stays as it is), the PIN flag is not.
    assert.deepEqual(plan.update, { expirePasscode: { enabled: false, numberOfDays: 30 } });
    assert.equal(plan.kept.length, 2);
    assert.match(
      plan.kept[0] ?? '',
      /Default voicemail PIN\*\*: not turned on again.*`\/voicemail` form.*`\/voicemail set pin=…` in a 1:1 space/,
    );
    assert.match(plan.kept[1] ?? '', /the PIN that change discarded cannot be restored/);
    assert.deepEqual(plan.notes, []);
  });

  describe('properties', () => {
    const flag = fc.option(fc.boolean(), { nil: undefined });
    const days = fc.option(
      fc.record(
        {
          enabled: fc.boolean(),
          numberOfDays: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
        },
        { requiredKeys: ['enabled'] },
      ),
      { nil: undefined },
    );
    const count = fc.option(
      fc.record(
        {
          enabled: fc.boolean(),
          numberOfPasscodes: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        },
        { requiredKeys: ['enabled'] },
      ),
      { nil: undefined },
    );
    const values: fc.Arbitrary<RulesSettings> = fc
      .record({
        defaultVoicemailPinEnabled: flag,
        expirePasscode: days,
        changePasscode: days,
        blockPreviousPasscodes: count,
      })
      .map((v) => JSON.parse(JSON.stringify(v)) as RulesSettings);
    const pin = fc.option(fc.constantFrom<UndonePin>('set', 'replaced', 'discarded'), { nil: undefined });

    it('sends only touched settings, in range, never a PIN; every touched setting is put back, already so, or said', () => {
      fc.assert(
        fc.property(values, values, values, pin, (before, after, now, p) => {
          const plan = planUndo({ values: { before, after }, ...(p ? { pin: p } : {}) }, now, rules);
          assert.ok(rulesUpdateSchema.safeParse(plan.update).success, JSON.stringify(plan.update));
          assert.ok(!('defaultVoicemailPin' in plan.update));
          for (const key of Object.keys(plan.update))
            assert.ok(key in after, `${key} was not touched by the change`);
          const label = (l: string) =>
            plan.changes.some((c) => c.setting === l) || plan.kept.some((k) => k.startsWith(`**${l}**`));
          for (const spec of SECTIONS) {
            if (!(spec.name in after)) continue;
            const was = readSection(before, spec.name);
            const already = was && sectionText(spec, was) === sectionText(spec, readSection(now, spec.name));
            assert.ok(already || label(spec.label), `${spec.label} neither put back nor said`);
            // What is put back reads as it did before the change.
            const sent = plan.update[spec.name];
            if (sent && was) {
              const put = readSection({ [spec.name]: sent }, spec.name);
              assert.equal(put?.enabled, was.enabled);
              if (was.enabled) assert.equal(put?.value, was.value);
            }
          }
          if ('defaultVoicemailPinEnabled' in after) {
            const already =
              before.defaultVoicemailPinEnabled !== undefined &&
              before.defaultVoicemailPinEnabled === now.defaultVoicemailPinEnabled;
            assert.ok(already || label('Default voicemail PIN'), 'the PIN flag neither put back nor said');
            // The PIN flag is only ever turned off by an undo, and then the card carries the warning.
            assert.notEqual(plan.update.defaultVoicemailPinEnabled, true);
            if (plan.update.defaultVoicemailPinEnabled === false)
              assert.ok(plan.notes.includes(PIN_DISCARD_WARNING));
          }
          if (p === 'replaced' || p === 'discarded')
            assert.ok(plan.kept.some((k) => k.startsWith('**Default PIN**')));
        }),
        { numRuns: 2000 },
      );
    });
  });
});
