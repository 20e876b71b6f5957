import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createCardRenderer, defaultCardsDir } from '../../../src/cards/render.js';
import { rulesSummaryData } from '../../../src/cards/rules-summary.js';
import { pinRules, settings } from '../../helpers/voicemail-fixtures.js';

const projectRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

describe('defaultCardsDir', () => {
  it('finds cards/ at the project root from src/cards/ (tsx)', () => {
    assert.equal(defaultCardsDir(), join(projectRoot, 'cards'));
    assert.equal(defaultCardsDir(join(projectRoot, 'src/cards/render.ts')), join(projectRoot, 'cards'));
  });

  it('finds the same cards/ from the compiled dist/src/cards/', () => {
    assert.equal(defaultCardsDir(join(projectRoot, 'dist/src/cards/render.js')), join(projectRoot, 'cards'));
  });
});

describe('createCardRenderer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cards-'));
    cpSync(join(projectRoot, 'cards'), dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const data = rulesSummaryData({
    org: { orgName: 'Acme', customer: false },
    settings: settings(),
    pinRules: pinRules(),
  });
  const withText = (text: string) => ({ ...data, orgBanner: { ...data.orgBanner, text } });

  it('loads a template once and reuses it', () => {
    const renderer = createCardRenderer(dir);
    const first = renderer.render('rules-summary', data);
    rmSync(join(dir, 'rules-summary.json'));
    assert.deepEqual(renderer.render('rules-summary', data), first);
  });

  it('returns a fresh object per call: changing one card does not leak into the next', () => {
    const renderer = createCardRenderer(dir);
    const first = renderer.render('rules-summary', data);
    first.body.length = 0;
    assert.notEqual(renderer.render('rules-summary', data).body.length, 0);
  });

  it('fills the same template with different data', () => {
    const renderer = createCardRenderer(dir);
    const a = JSON.stringify(renderer.render('rules-summary', data));
    const b = JSON.stringify(renderer.render('rules-summary', withText('Other')));
    assert.ok(a.includes('"Org: Acme"') && b.includes('"Other"') && !b.includes('Acme'));
  });

  it('keeps data values verbatim, even ones that look like template expressions', () => {
    const card = createCardRenderer(dir).render('rules-summary', withText('Org ${canEdit} <b>'));
    assert.ok(JSON.stringify(card).includes('Org ${canEdit} <b>'));
  });

  it('names the file when a template is broken', () => {
    writeFileSync(join(dir, 'rules-summary.json'), '{ not json');
    assert.throws(
      () => createCardRenderer(dir).render('rules-summary', data),
      /cannot load card template .*rules-summary\.json/,
    );
  });

  it('refuses names that are not cards', () => {
    const renderer = createCardRenderer(dir);
    assert.throws(() => renderer.render('../package' as 'rules-summary', data), /unknown card/);
  });
});
