// Reading what conference will decide: a package on a phone, the reading pack in print, and
// the Rule Book "as it would read" with two conflicting rule changes.
import { test, expect } from '../fixtures/app';
import type { Page } from '@playwright/test';
import { signIn, submitRuleChange } from '../fixtures/flows';

test('a package reads well on a phone', async ({ strictPage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/conference/2027/reading-pack');
  const packageLink = page.locator('a', { hasText: 'Fair process for suspended members' }).first();
  await packageLink.click();
  await expect(page.getByTestId('published-package')).toBeVisible();
  await expect(page.getByTestId('published-rule-change')).toHaveCount(3);
  await expect(page.getByTestId('published-rule-change').first()).toContainText('Riverside CLP');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no sideways scrolling on a phone').toBeLessThanOrEqual(1);
  // On a phone the diff is inline, not in columns.
  await expect(page.getByTestId('published-rule-change').first().getByTestId('diff')).toBeVisible();
});

test('the reading pack prints with contents and one rule change per page', async ({ strictPage: page }) => {
  await page.goto('/conference/2027/reading-pack');
  await expect(page.getByTestId('reading-pack-toc').locator('li')).not.toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByTestId('reading-pack-toc')).toBeVisible();
  const breaks = await page.locator('.reading-pack .published').evaluateAll((els) =>
    els.map((el) => getComputedStyle(el).breakBefore),
  );
  expect(breaks.length).toBeGreaterThanOrEqual(3);
  expect(new Set(breaks)).toEqual(new Set(['page']));
  // Deletions stay struck through and insertions underlined without colour.
  const marks = await page.locator('.reading-pack del').first().evaluate((el) => getComputedStyle(el).textDecorationLine);
  expect(marks).toContain('line-through');
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(4);
});

test('as it would read: two conflicting rule changes are reported, not resolved', async ({ browser }) => {
  const page: Page = await signIn(browser, 'member@example.org', 'member-demo-pass');
  // The demo package already reviews suspensions "within three months"; this one says four.
  const four = await submitRuleChange(page, `Four-month reviews ${Date.now()}`, '6.I.1.C', 'within six months', 'within four months');
  await page.goto('/as-it-would-read?set=all&year=2027&chapter=6');
  await expect(page.getByTestId('read-summary')).toContainText('rule changes applied');
  const conflicts = page.getByTestId('read-conflicts');
  await expect(conflicts).toBeVisible();
  await expect(conflicts).toContainText(four);
  await expect(conflicts).toContainText('Review administrative suspensions every three months');
  await expect(page.getByTestId('read-nodes').locator('ins').filter({ hasText: 'three' }).first()).toBeVisible();
  await page.context().close();

  // The clause page tells an anonymous reader, without JavaScript, which proposals clash.
  const reader = await browser.newContext({ javaScriptEnabled: false });
  const clause = await reader.newPage();
  await clause.goto('/rules/2024/6.I.1.C');
  const verdicts = clause.getByTestId('clause-conflicts');
  await expect(verdicts).toContainText(/\d+ pairs? cannot both be carried|One pair cannot both be carried/);
  const clash = verdicts.locator('li.verdict--conflict').filter({ hasText: four });
  await expect(clash.first()).toContainText('Review administrative suspensions every three months');
  await expect(clash.first()).toContainText('Both change');
  await reader.close();
});
