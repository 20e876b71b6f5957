import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ROOT } from '../helpers/run-main.js';
import { deleteRedisKeys, startSandboxProcess, type SandboxProcess } from '../helpers/sandbox-process.js';

/**
 * The newcomer's path in a real browser: `npm start` without a bot token (a child process), the /sandbox
 * page in Debian's Chromium, sign-in through the emulator's consent page, the bot's card submitted as
 * Webex would. If Chromium cannot start, this fails: it never skips.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const STEP_MS = 20_000;
const RULES_PATH = '/telephony/config/voicemail/rules';

describe('sandbox page in a real browser (npm start as a child process + Chromium)', function () {
  this.timeout(60_000);

  let sandbox: SandboxProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** The README's screenshot, taken mid-run and written only when every step passed. */
  let readmeShot: Buffer | undefined;

  const shot = async (name: string, p: Page = page): Promise<void> => {
    await p.screenshot({ path: join(ARTIFACTS, `sandbox-${name}.png`) }).catch(() => undefined);
  };

  const botMessage = (text: string | RegExp): Locator =>
    page.locator('[data-testid=message][data-author=bot]', { hasText: text }).last();
  const formCards = (): Locator =>
    page
      .locator('[data-testid=card]')
      .filter({ has: page.locator('[data-testid=input-expirePasscodeDays]') });
  const ruleText = (key: string): Promise<string> => page.locator(`[data-testid=rule-${key}]`).innerText();
  const apiSummary = (): Promise<string> => page.locator('[data-testid=api-summary]').innerText();

  async function say(text: string): Promise<void> {
    const input = page.getByTestId('composer-input');
    await input.fill(text);
    await page.getByTestId('composer-send').click();
    // The page clears the composer once the emulator has the message.
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=composer-input]') as HTMLInputElement | null)?.value === '',
    );
  }

  /** Resolves when the rules panel shows `text` for the rule (the panel polls the emulator). */
  async function ruleShows(key: string, pattern: RegExp): Promise<void> {
    await page.waitForFunction(
      ([k, src]) =>
        new RegExp(src).test(document.querySelector(`[data-testid=rule-${k}]`)?.textContent ?? ''),
      [key, pattern.source] as const,
    );
  }

  before(async function () {
    this.timeout(60_000);
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const f of readdirSync(ARTIFACTS)) if (f.startsWith('sandbox-')) rmSync(join(ARTIFACTS, f));
    sandbox = await startSandboxProcess();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    context.setDefaultTimeout(STEP_MS);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    await page.goto(sandbox.url);
    await page.waitForSelector('body[data-ready]');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await shot(`failed-${(this.currentTest.title.match(/\w+/g) ?? ['step']).slice(0, 4).join('-')}`);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    if (sandbox) {
      await sandbox.stop();
      writeFileSync(join(ARTIFACTS, 'sandbox-e2e.log'), sandbox.output());
      // Only the run's own keys, should a failed stop have left any.
      if (sandbox.prefix) await deleteRedisKeys(sandbox.prefix);
    }
  });

  it('renders markdown safely: no raw HTML, only http(s) links', async () => {
    const html = await page.evaluate(() =>
      (window as unknown as { sandbox: { renderMarkdown(s: string): string } }).sandbox.renderMarkdown(
        '<img src=x onerror=alert(1)> <script>alert(2)</script> [bad](javascript:alert(3)) ' +
          '[data](data:text/html,hi) **bold** [ok](https://example.com/a)',
      ),
    );
    assert.ok(!/<img|<script|href="(?!https:)/i.test(html), html);
    assert.match(html, /\[bad\]\(javascript:alert\(3\)\)/, 'a javascript: link stays text');
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /<strong>bold<\/strong>/);
    assert.match(
      html,
      /<a href="https:\/\/example\.com\/a" target="_blank" rel="noopener noreferrer">ok<\/a>/,
    );
  });

  it('serves the page with a strict CSP; refuses foreign redirects, unknown files and non-JSON posts', async () => {
    const base = new URL(sandbox!.url).origin;
    const pageRes = await fetch(sandbox!.url);
    assert.match(pageRes.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const redirect = await fetch(
      `${base}/sandbox/sign-in?person=alice&next=${encodeURIComponent('https://evil.example/')}`,
      { redirect: 'manual' },
    );
    assert.equal(redirect.status, 400);
    assert.equal((await fetch(`${base}/sandbox/assets/..%2Fpackage.json`)).status, 404);
    const form = await fetch(`${base}/sandbox/api/say`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'person=alice&space=direct&text=hi',
    });
    assert.equal(form.status, 400);
  });

  it('Alice signs in through the consent page, gets the form pre-filled, saves 45 days and a default PIN', async () => {
    await page.getByTestId('person-alice').click();
    await page.getByTestId('space-direct').click();
    await say('/voicemail');

    const link = botMessage('Sign in with Webex').locator('a', { hasText: 'Sign in with Webex' });
    await link.waitFor();
    assert.match((await link.getAttribute('href')) ?? '', /\/oauth\/login\?state=/);
    await shot('01-sign-in-link');

    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.waitForSelector('#accept');
    assert.match(await popup.locator('h1').innerText(), /Allow voicemail-rules-bot to/);
    const chosen = await popup.$eval(
      '#person',
      (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent,
    );
    assert.match(chosen ?? '', /Alice Admin/, 'the consent page preselects the person typing in the sandbox');
    await shot('02-consent-page', popup);
    await popup.click('#accept');
    await popup.waitForURL(/\/oauth\/callback/);
    assert.match(await popup.locator('h1').innerText(), /Signed in/);
    await shot('03-callback', popup);

    // Back in the space: the bot says so and carries on with /voicemail.
    await botMessage('You are signed in as Alice Admin').waitFor();
    const form = formCards().last();
    await form.waitFor();
    const held = /(\d+) days/.exec(await ruleText('expirePasscode'))?.[1];
    assert.equal(await form.getByTestId('input-expirePasscodeDays').inputValue(), held ?? '100');
    // The page closes the sign-in window once the bot's callback has answered.
    if (!popup.isClosed()) await popup.waitForEvent('close');
    await shot('04-form');

    await form.getByTestId('input-expirePasscodeDays').fill('45');
    await form.getByTestId('input-defaultVoicemailPinEnabled').check();
    await form.getByTestId('input-defaultVoicemailPin').fill('591738');
    await form.getByRole('button', { name: 'Save' }).click();

    await botMessage(/Voicemail rules updated/).waitFor();
    await ruleShows('expirePasscode', /^45 days$/);
    assert.match(await ruleText('defaultPin'), /On · PIN set/);
    const put = page.locator(`[data-testid=api-row][data-method=PUT][data-path="${RULES_PATH}"]`).first();
    await put.waitFor();
    assert.equal(await put.getAttribute('data-status'), '204');
    assert.match(await put.innerText(), /Alice's token/, 'the PUT carries the admin’s own token');
    assert.match(await apiSummary(), /1 rules change saved/);
    assert.ok(!(await page.content()).includes('591738'), 'the PIN is never shown back');
    const snapshot = await (await fetch(new URL('/sandbox/api/snapshot?person=alice', sandbox!.url))).text();
    assert.ok(
      !snapshot.includes('591738') && !/bearer|"(access_?|refresh_?)?token"\s*:/i.test(snapshot),
      'nor sent to the page',
    );
    await shot('05-saved');
    assert.deepEqual(pageErrors, []);
  });

  it('a weak PIN in a new form comes back with the rule it breaks, and nothing is saved', async () => {
    await say('/voicemail');
    const form = formCards().last();
    await form.waitFor();
    // The summary above and a fresh form: the README's picture of the product.
    await botMessage(/Voicemail rules updated/).scrollIntoViewIfNeeded();
    readmeShot = await page.screenshot({ animations: 'disabled' });

    await form.getByTestId('input-defaultVoicemailPinEnabled').check();
    await form.getByTestId('input-defaultVoicemailPin').fill('123456');
    await form.getByRole('button', { name: 'Save' }).click();

    const refused = page.locator('[data-testid=card]', { hasText: 'Not saved' }).last();
    await refused.waitFor();
    assert.match(await refused.innerText(), /ascending/i);
    assert.equal(
      await refused.getByTestId('input-defaultVoicemailPin').inputValue(),
      '',
      'the PIN is not kept',
    );
    assert.match(await ruleText('expirePasscode'), /^45 days$/);
    assert.match(await apiSummary(), /1 rules change saved/);
    await shot('06-weak-pin');
    assert.deepEqual(pageErrors, []);
  });

  it('the consent page follows the person typing (Bob), and Cancel stores nothing', async () => {
    await page.getByTestId('person-bob').click();
    await say('/login');
    const link = botMessage('Sign in with Webex').locator('a', { hasText: 'Sign in with Webex' });
    await link.waitFor();
    const [popup] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await popup.waitForSelector('#cancel');
    const chosen = await popup.$eval(
      '#person',
      (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent,
    );
    assert.match(chosen ?? '', /Bob Reader/);
    await popup.click('#cancel');
    await botMessage('Sign-in was cancelled').waitFor();
    if (!popup.isClosed()) await popup.close();
    assert.deepEqual(pageErrors, []);
  });

  it('in the group space, Carol submitting the form Alice asked for changes nothing', async () => {
    await page.getByTestId('person-alice').click();
    await page.getByTestId('space-group').click();
    await page.getByTestId('composer-mention').waitFor();
    await say('/voicemail');
    const asked = page.locator('[data-testid=message][data-author=person]', { hasText: '/voicemail' }).last();
    await asked.locator('.mention', { hasText: 'VoicemailBot' }).waitFor();
    const form = formCards().last();
    await form.waitFor();
    const formId = await form.locator('xpath=ancestor::article[1]').getAttribute('data-message-id');
    assert.ok(formId);
    const lastSeq = async () =>
      Math.max(
        ...(await page
          .locator('[data-testid=api-row]')
          .evaluateAll((rows) => rows.map((r) => Number(r.dataset.seq)))),
      );
    const seqBefore = await lastSeq();
    await shot('07-group-form');

    await page.getByTestId('person-carol').click();
    const carols = page.locator(`[data-message-id="${formId}"] [data-testid=card]`).first();
    await carols.waitFor();
    await carols.getByTestId('input-expirePasscodeDays').fill('30');
    await carols.getByRole('button', { name: 'Save' }).click();
    await carols.getByTestId('card-status').filter({ hasText: 'Sent as Carol' }).waitFor();

    await botMessage(/belongs to Alice Admin/).waitFor();
    assert.match(await ruleText('expirePasscode'), /^45 days$/);
    assert.match(await apiSummary(), /1 rules change saved/);
    const newPuts = await page
      .locator(`[data-testid=api-row][data-method=PUT]`)
      .evaluateAll((rows, after) => rows.filter((r) => Number(r.dataset.seq) > after).length, seqBefore);
    assert.equal(newPuts, 0);
    await shot('08-group-refused');
    assert.deepEqual(pageErrors, []);

    assert.ok(readmeShot);
    // Always kept with the artifacts; the README's copy is refreshed on request, so a test run leaves
    // the work tree clean: UPDATE_DOCS_SCREENSHOT=1 npm test
    writeFileSync(join(ARTIFACTS, 'sandbox-readme.png'), readmeShot);
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1')
      writeFileSync(join(ROOT, 'docs', 'sandbox.png'), readmeShot);
  });
});
