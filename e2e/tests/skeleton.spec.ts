// The walking skeleton: the home page renders on the server, hydrates, and its interactive
// element (the go-to-rule box) calls a server function.
import { test, expect, waitForHydration } from '../fixtures/app';

test('home page hydrates and the go-to-rule box jumps to a rule', async ({ strictPage: page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Rule changes');
  await expect(page.getByTestId('edition-list')).toContainText('Rule Book 2024');
  await waitForHydration(page);
  await page.getByTestId('goto-input').fill('Chapter 2, Clause I.4.B');
  await page.getByTestId('goto-submit').click();
  await expect(page).toHaveURL(/\/rules\/2024\/2\.I\.4\.B$/);
  await expect(page.getByTestId('rule-citation')).toHaveText('Chapter 2, Clause I.4.B');
});

test('an unknown address is a page a person understands', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Page not found');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the server-rendered home page is complete', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('edition-list')).toContainText('Rule Book 2023');
    await page.getByTestId('goto-input').fill('6.I.1.B');
    await page.getByTestId('goto-submit').click();
    await expect(page).toHaveURL(/\/rules\/2024\/6\.I\.1\.B$/);
    await expect(page.getByTestId('rule-text')).toContainText('suspen');
  });
});
