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
  await expect(page.getByTestId('live-diff').locator('ins')).toContainText('after hearing the member');
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
