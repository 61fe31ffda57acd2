// Drafting a rule change in the browser: edit a clause's text, see the live diff and the
// formal wording, autosave that survives a reload, and a second tab told about a conflict.
import { test, expect, waitForHydration } from '../fixtures/app';
import type { Page } from '@playwright/test';

async function signInAsMember(page: Page): Promise<void> {
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByTestId('input-email').fill('member@example.org');
  await page.getByTestId('input-password').fill('member-demo-pass');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('nav-user')).toBeVisible();
}

async function startDraft(page: Page, title: string): Promise<string> {
  await page.goto('/drafts');
  await waitForHydration(page);
  await page.locator('#draft-title').fill(title);
  await page.getByTestId('new-draft-submit').click();
  await expect(page.getByTestId('draft-title')).toHaveText(title);
  return page.url();
}

test('edit a clause: live diff and wording, autosave survives a reload', async ({ strictPage: page }) => {
  await signInAsMember(page);
  const url = await startDraft(page, `Fair suspensions ${Date.now()}`);
  await page.getByTestId('draft-clause-input').fill('Chapter 6, Clause I.1.B');
  await page.getByTestId('draft-clause-open').click();
  await expect(page.getByTestId('editor-citation')).toHaveText('Chapter 6, Clause I.1.B');
  await waitForHydration(page);

  const box = page.getByTestId('clause-text');
  const original = await box.inputValue();
  const edited = original.replace('may suspend', 'may, after hearing the member, suspend');
  expect(edited).not.toBe(original);
  await box.fill(edited);
  await expect(page.getByTestId('live-diff').getByTestId('diff').locator('ins')).toContainText('after hearing the member');
  await expect(page.getByTestId('live-wording')).toContainText('Chapter 6, Clause I.1.B');
  await expect(page.getByTestId('live-wording')).toContainText('after hearing the member');
  await expect(page.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });

  await page.goto(url);
  await expect(page.getByTestId('draft-wording')).toContainText('after hearing the member');
  await expect(page.getByTestId('draft-edits')).toContainText('Chapter 6, Clause I.1.B');
});

test('a second tab saving from an old revision is told about the conflict', async ({ browser }) => {
  const context = await browser.newContext();
  const first = await context.newPage();
  await signInAsMember(first);
  const url = await startDraft(first, `Conflicting edits ${Date.now()}`);
  const second = await context.newPage();
  for (const page of [first, second]) {
    await page.goto(`${url}?clause=6.I.1.B`);
    await waitForHydration(page);
  }
  const original = await first.getByTestId('clause-text').inputValue();
  await first.getByTestId('clause-text').fill(original.replace('may suspend', 'may only suspend'));
  await expect(first.getByTestId('save-status')).toHaveText('Saved', { timeout: 10_000 });
  await second.getByTestId('clause-text').fill(original.replace('may suspend', 'shall not suspend'));
  await expect(second.getByTestId('save-status')).toContainText('someone else saved this draft first', {
    timeout: 10_000,
  });
  await expect(second.getByTestId('save-status')).toContainText('may only suspend');
  await context.close();
});

test('propose a change from a rule page, then paste wording a CLP already has', async ({ strictPage: page }) => {
  await signInAsMember(page);
  await page.goto('/rules/2024/6.I.1.B');
  await waitForHydration(page);
  await page.getByTestId('propose-link').click();
  await expect(page.getByRole('heading', { name: 'Start a rule change to 6.I.1.B' })).toBeVisible();
  await page.locator('#draft-title').fill(`Pasted wording ${Date.now()}`);
  await page.getByTestId('new-draft-submit').click();
  await expect(page.getByTestId('editor-citation')).toHaveText('Chapter 6, Clause I.1.B');
  await waitForHydration(page);

  await page.locator('summary', { hasText: 'Paste wording' }).click();
  const paste = page.getByTestId('paste-wording');
  await paste.fill('Delete ‘two months’ and replace with ‘six weeks’');
  await expect(page.getByTestId('paste-problems')).toContainText('two months');

  await paste.fill("Delete 'pending the outcome of an investigation' and replace with \"pending the outcome of a fair investigation\"");
  await expect(page.getByTestId('paste-ok')).toBeVisible();
  await expect(page.getByTestId('paste-result').getByTestId('diff').locator('ins')).toContainText('fair');
  await page.getByTestId('paste-use').click();
  // Reloading before the save answers would abort it.
  await expect(page.getByTestId('save-status')).toHaveText('Saved');
  await page.reload();
  await expect(page.getByTestId('draft-wording')).toContainText('fair');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a clause can be amended and saved with plain forms', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByTestId('input-email').fill('member@example.org');
    await page.getByTestId('input-password').fill('member-demo-pass');
    await page.getByTestId('sign-in-submit').click();
    await page.goto('/drafts?clause=2.I.4.B');
    await page.locator('#draft-title').fill(`No script ${Date.now()}`);
    await page.getByTestId('new-draft-submit').click();
    await expect(page.getByTestId('editor-citation')).toHaveText('Chapter 2, Clause I.4.B');
    const box = page.getByTestId('clause-text');
    const text = await box.inputValue();
    await box.fill(`${text} This sub-clause shall expire at the close of Annual Conference 2027.`);
    await page.getByTestId('save').click();
    await expect(page.getByTestId('draft-wording')).toContainText('Annual Conference 2027');
    await expect(page.getByTestId('draft-wording')).toContainText('Chapter 2, Clause I.4.B');
  });
});

// A measurement, not a pass/fail timing: keystroke-to-paint of the live diff and wording on a
// long clause, reported in the test output and in test-results/keystroke-to-paint.json.
test('measure: keystroke-to-paint on a long clause', async ({ strictPage: page }, testInfo) => {
  await signInAsMember(page);
  await startDraft(page, `Typing speed ${Date.now()}`);
  await page.getByTestId('draft-clause-input').fill('2.I.1');
  await page.getByTestId('draft-clause-open').click();
  await expect(page.getByTestId('editor-citation')).toHaveText('Chapter 2, Clause I.1');
  await waitForHydration(page);
  const result = await page.evaluate(async () => {
    const box = document.querySelector('[data-testid=clause-text]') as HTMLTextAreaElement;
    const wording = document.querySelector('[data-testid=live-wording]') as HTMLElement;
    const samples: number[] = [];
    for (let i = 0; i < 30; i++) {
      const changed = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve();
        });
        observer.observe(wording, { subtree: true, childList: true, characterData: true });
      });
      const start = performance.now();
      box.value = `${box.value} w${i}`;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    return { words: box.value.split(/\s+/).length, median: samples[15], p90: samples[27], max: samples[29] };
  });
  const line = `keystroke-to-paint on a ${result.words}-word clause: median ${result.median.toFixed(1)} ms, p90 ${result.p90.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`;
  console.log(line);
  testInfo.annotations.push({ type: 'measurement', description: line });
  require('node:fs').writeFileSync(testInfo.outputPath('keystroke-to-paint.json'), JSON.stringify(result));
  expect(result.median).toBeGreaterThan(0);
});

test('the demo package previews three rule changes across two chapters in Rule Book order', async ({ strictPage: page }) => {
  await signInAsMember(page);
  await page.goto('/drafts');
  await waitForHydration(page);
  await page.getByTestId('package-list').getByRole('link', { name: 'Fair process for suspended members' }).click();
  await expect(page.getByTestId('package-title')).toHaveText('Fair process for suspended members');
  const members = page.getByTestId('package-member');
  await expect(members).toHaveCount(3);
  await expect(members.nth(0)).toContainText('Chapter 2, Clause VIII.1');
  await expect(members.nth(1)).toContainText('Chapter 6, Clause I.1.B');
  await expect(members.nth(2)).toContainText('Chapter 6, Clause I.1.C');
  await expect(members.nth(2).locator('ins').first()).toContainText('three');
});

test('add a rule change to a new package, then split it out again', async ({ strictPage: page }) => {
  await signInAsMember(page);
  await page.goto('/drafts');
  await waitForHydration(page);
  const packageTitle = `Package ${Date.now()}`;
  await page.locator('#package-title').fill(packageTitle);
  await page.getByTestId('new-package-submit').click();
  await expect(page.getByTestId('package-title')).toHaveText(packageTitle);
  const packageUrl = page.url();

  await startDraft(page, `Member of a package ${Date.now()}`);
  await page.getByTestId('package-choice').selectOption({ label: packageTitle });
  await page.getByTestId('add-to-package').click();
  await expect(page.getByTestId('in-package')).toContainText(packageTitle);

  await page.goto(packageUrl);
  await waitForHydration(page);
  await expect(page.getByTestId('package-member')).toHaveCount(1);
  await page.getByTestId('split-out').click();
  await expect(page.getByTestId('package-member')).toHaveCount(0);
});

test('details, proposer and a co-author who then sees the draft', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signInAsMember(owner);
  const title = `Shared draft ${Date.now()}`;
  await startDraft(owner, title);
  await waitForHydration(owner);
  await owner.getByTestId('details-proposer').selectOption({ label: 'Riverside CLP (clp)' });
  await owner.getByTestId('details-argument').fill('Members deserve to know the case against them.');
  await owner.getByTestId('details-save').click();
  await expect(owner.getByTestId('details-proposer')).toHaveValue(/\d+/);
  await owner.getByTestId('co-author-email').fill('delegate@example.org');
  await owner.getByTestId('co-author-add').click();
  await expect(owner.getByTestId('authors')).toContainText('Dee Delegate');
  await ownerContext.close();

  const coContext = await browser.newContext();
  const co = await coContext.newPage();
  await co.goto('/sign-in');
  await waitForHydration(co);
  await co.getByTestId('input-email').fill('delegate@example.org');
  await co.getByTestId('input-password').fill('delegate-demo-pass');
  await co.getByTestId('sign-in-submit').click();
  await expect(co.getByTestId('nav-user')).toBeVisible();
  await co.goto('/drafts');
  await co.getByTestId('draft-list').getByRole('link', { name: title }).click();
  await expect(co.getByTestId('details-argument')).toHaveValue('Members deserve to know the case against them.');
  await coContext.close();
});

test('add a sub-clause: the wording renumbers and lists the references to amend', async ({ strictPage: page }) => {
  await signInAsMember(page);
  await startDraft(page, `Review of exclusions ${Date.now()}`);
  await page.getByTestId('draft-clause-input').fill('Chapter 2, Clause I.4.C');
  await page.getByTestId('draft-clause-open').click();
  await expect(page.getByTestId('editor-citation')).toHaveText('Chapter 2, Clause I.4.C');
  await waitForHydration(page);
  await page.getByTestId('new-rule-text').fill('Every exclusion shall be reviewed by the NEC within 28 days.');
  await page.getByTestId('insert-after').click();
  await expect(page.getByTestId('draft-edits')).toContainText('New rule 4.D after Chapter 2, Clause I.4.C');
  await expect(page.getByTestId('draft-wording')).toContainText('Add a new sub-clause 4.D after sub-clause 4.C');
  await expect(page.getByTestId('draft-wording')).toContainText('Renumber existing sub-clause 4.D accordingly');
  await expect(page.getByTestId('consequentials')).toContainText('“sub-clause 4.E below” becomes “sub-clause 4.F below”');
  await expect(page.getByTestId('draft-wording')).toContainText('Consequential amendments:');

  // Undo it: the wording and the references go with it.
  await page.getByTestId('remove-edit').first().click();
  await expect(page.getByTestId('draft-edits')).not.toContainText('New rule 4.D');
  await expect(page.getByTestId('consequentials')).toHaveCount(0);
});

test('the live diff is side by side on a wide screen and inline on a phone', async ({ strictPage: page }) => {
  await signInAsMember(page);
  await startDraft(page, `Side by side ${Date.now()}`);
  await page.goto(`${page.url()}?clause=6.I.1.B`);
  await waitForHydration(page);
  const box = page.getByTestId('clause-text');
  await box.fill((await box.inputValue()).replace('may suspend', 'may, after hearing the member, suspend'));
  const live = page.getByTestId('live-diff');
  await page.setViewportSize({ width: 1400, height: 900 });
  await expect(live.getByTestId('diff-columns')).toBeVisible();
  await expect(live.getByTestId('diff-columns').locator('ins')).toContainText('after hearing the member');
  await expect(live.getByTestId('diff')).toBeHidden();
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(live.getByTestId('diff')).toBeVisible();
  await expect(live.getByTestId('diff-columns')).toBeHidden();
});
