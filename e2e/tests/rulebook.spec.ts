// Reading the Rule Book: contents, permalinks, history, go-to-rule, search, editions.
import { test, expect, waitForHydration } from '../fixtures/app';

test('browse from the contents to a clause, then its history with a diff', async ({ strictPage: page }) => {
  await page.goto('/rules');
  await waitForHydration(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rule Book 2024');
  await page.getByTestId('toc').getByRole('link', { name: /^Chapter 4, Part A, Clause I\b/ }).click();
  await expect(page.getByTestId('rule-citation')).toHaveText('Chapter 4, Part A, Clause I');
  await page.getByTestId('rule-text').getByRole('link', { name: /^A\./ }).first().click();
  await expect(page.getByTestId('rule-citation')).toHaveText('Chapter 4, Part A, Clause I.2.A');
  await page.getByTestId('history-link').click();
  await expect(page.getByTestId('history-entry')).toHaveCount(2);
  const diff = page.getByTestId('history-entry').nth(1).getByTestId('diff');
  await expect(diff.locator('del')).toContainText('15');
  await expect(diff.locator('ins')).toContainText('10');
});

for (const citation of ['2.I.4.B', 'Chapter 2 Clause I, Section 4.B', 'chapter 2, clause I, subclause 4, (B)']) {
  test(`go to rule understands “${citation}”`, async ({ strictPage: page }) => {
    await page.goto('/rules');
    await waitForHydration(page);
    await page.getByTestId('goto-input').fill(citation);
    await page.getByTestId('goto-submit').click();
    await expect(page.getByTestId('rule-citation')).toHaveText('Chapter 2, Clause I.4.B');
  });
}

test('an unknown citation gets a helpful message', async ({ page }) => {
  await page.goto('/go?q=Chapter%202%2C%20Clause%20XX');
  await expect(page.getByTestId('error')).toContainText('names no rule');
  await expect(page.getByTestId('error')).toContainText('nearest');
});

test('search marks the words found and links to the rule', async ({ strictPage: page }) => {
  await page.goto('/search');
  await waitForHydration(page);
  await page.getByTestId('search-input').fill('suspension');
  await page.getByTestId('search-submit').click();
  await expect(page.getByTestId('search-summary')).toContainText('match');
  await expect(page.getByTestId('search-results').locator('mark').first()).toBeVisible();
  await page.getByTestId('search-results').getByRole('link').first().click();
  await expect(page.getByTestId('rule-citation')).toBeVisible();
});

test('switching edition follows the clause through renumbering', async ({ strictPage: page }) => {
  await page.goto('/rules/2024/1.VII');
  await waitForHydration(page);
  await page.getByRole('navigation', { name: 'This rule in other editions' }).getByRole('link', { name: /2023/ }).click();
  await expect(page).toHaveURL(/\/rules\/2023\/1\.VI$/);
  await expect(page.getByTestId('rule-citation')).toHaveText('Chapter 1, Clause VI');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('reading pages still show the text', async ({ page }) => {
    for (const [path, text] of [
      ['/rules/2024', 'Contents'],
      ['/rules/2024/2', 'Chapter 2'],
      ['/rules/2024/2.I.4.B/history', 'History of Chapter 2, Clause I.4.B'],
      ['/compare?from=2023&to=2024', 'differ between'],
      ['/search?q=delegate', 'match'],
    ]) {
      await page.goto(path);
      await expect(page.locator('main')).toContainText(text);
    }
  });
});
