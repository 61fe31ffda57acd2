// Accounts in the browser: sign up, sign in, role-appropriate navigation, sign out, field-level
// errors, the admin's reset codes — with WebAssembly, and the same forms with JavaScript off.
// The server runs with --demo: one account per role (see README, "Demo accounts").
import { test, expect, waitForHydration } from '../fixtures/app';
import type { Page } from '@playwright/test';

const DEMO = {
  member: { email: 'member@example.org', password: 'member-demo-pass', name: 'Mo Member' },
  delegate: { email: 'delegate@example.org', password: 'delegate-demo-pass', name: 'Dee Delegate' },
  organiser: { email: 'organiser@example.org', password: 'organiser-demo-pass', name: 'Olu Organiser' },
  admin: { email: 'admin@example.org', password: 'admin-demo-pass', name: 'Ada Admin' },
};

/** A unique e-mail address per run, so tests can sign up again against the same server. */
function freshEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
}

async function signIn(page: Page, email: string, password: string, hydrate = true): Promise<void> {
  await page.goto('/sign-in');
  if (hydrate) await waitForHydration(page);
  await page.getByTestId('input-email').fill(email);
  await page.getByTestId('input-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

async function expectSignedOut(page: Page): Promise<void> {
  await expect(page.getByTestId('nav-sign-in')).toBeVisible();
  await expect(page.getByTestId('nav-sign-up')).toBeVisible();
  await expect(page.getByTestId('nav-user')).toHaveCount(0);
}

test.describe('with JavaScript', () => {
  test('sign up, see member navigation, sign out, sign in again', async ({ strictPage: page }) => {
    const email = freshEmail('newcomer');
    await page.goto('/');
    await waitForHydration(page);
    await expectSignedOut(page);
    await page.getByTestId('nav-sign-up').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign up');
    await page.getByTestId('input-name').fill('Nia Newcomer');
    await page.getByTestId('input-email').fill(email);
    await page.getByTestId('input-password').fill('a long enough password');
    await page.getByTestId('input-organisation').selectOption({ label: 'Riverside CLP' });
    await page.getByTestId('sign-up-submit').click();

    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('nav-user')).toHaveText('Nia Newcomer');
    await expect(page.getByTestId('nav-role')).toHaveText('Member');
    await expect(page.getByTestId('nav-admin')).toHaveCount(0);

    await page.getByTestId('sign-out').click();
    await expectSignedOut(page);

    await signIn(page, email, 'a long enough password');
    await expect(page.getByTestId('nav-user')).toHaveText('Nia Newcomer');
  });

  for (const [role, account, label, admin] of [
    ['member', DEMO.member, 'Member', false],
    ['delegate', DEMO.delegate, 'Delegate', false],
    ['organiser', DEMO.organiser, 'Organiser', false],
    ['admin', DEMO.admin, 'Admin', true],
  ] as const) {
    test(`the ${role} sees ${admin ? 'the' : 'no'} Admin link`, async ({ strictPage: page }) => {
      await signIn(page, account.email, account.password);
      await expect(page.getByTestId('nav-user')).toHaveText(account.name);
      await expect(page.getByTestId('nav-role')).toHaveText(label);
      await expect(page.getByTestId('nav-admin')).toHaveCount(admin ? 1 : 0);
      await page.getByTestId('sign-out').click();
      await expectSignedOut(page);
    });
  }

  test('a wrong password gets one message, and bad sign-up fields get their own', async ({ page }) => {
    await signIn(page, DEMO.delegate.email, 'not the password');
    await expect(page.getByTestId('form-error')).toContainText('do not match an account');
    await expectSignedOut(page);

    await page.goto('/sign-up');
    await waitForHydration(page);
    // (Look-alike letters are tested in server/tests/it/accounts.rs: the browser's own e-mail
    // check stops them before they are sent.)
    await page.getByTestId('input-email').fill('MEMBER@Example.org');
    await page.getByTestId('input-password').fill('short');
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByTestId('error-name')).toHaveText('Enter your name.');
    await expect(page.getByTestId('error-email')).toContainText('already exists');
    await expect(page.getByTestId('error-password')).toContainText('at least 10 characters');
  });

  test('an admin issues a reset code that lets the user set a new password', async ({ page }) => {
    const email = freshEmail('forgetful');
    await page.goto('/sign-up');
    await waitForHydration(page);
    await page.getByTestId('input-name').fill('Fay Forgetful');
    await page.getByTestId('input-email').fill(email);
    await page.getByTestId('input-password').fill('first password here');
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByTestId('nav-user')).toHaveText('Fay Forgetful');
    await page.getByTestId('sign-out').click();
    await expectSignedOut(page);

    await signIn(page, DEMO.admin.email, DEMO.admin.password);
    await page.getByTestId('nav-admin').click();
    const row = page.getByTestId('user-row').filter({ hasText: email });
    await row.getByTestId('issue-token').click();
    const token = (await page.getByTestId('token-value').textContent())?.trim() ?? '';
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    await page.getByTestId('sign-out').click();
    await expectSignedOut(page);

    await page.goto('/account/reset');
    await waitForHydration(page);
    await page.getByTestId('input-token').fill(token);
    await page.getByTestId('input-new_password').fill('second password here');
    await page.getByTestId('reset-submit').click();
    await expect(page.getByTestId('reset-done')).toBeVisible();
    await signIn(page, email, 'second password here');
    await expect(page.getByTestId('nav-user')).toHaveText('Fay Forgetful');
  });
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('sign up, sign out and sign in with plain forms', async ({ page }) => {
    const email = freshEmail('nojs');
    await page.goto('/sign-up');
    await page.getByTestId('input-name').fill('Noor NoScript');
    await page.getByTestId('input-email').fill(email);
    await page.getByTestId('input-password').fill('a long enough password');
    await page.getByTestId('input-organisation').selectOption({ label: 'Northgate CLP' });
    await page.getByTestId('sign-up-submit').click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('nav-user')).toHaveText('Noor NoScript');
    await expect(page.getByTestId('nav-admin')).toHaveCount(0);

    await page.getByTestId('sign-out').click();
    await expectSignedOut(page);

    await signIn(page, email, 'wrong password!', false);
    await expect(page.getByTestId('form-error')).toContainText('do not match an account');
    await expectSignedOut(page);

    await signIn(page, email, 'a long enough password', false);
    await expect(page.getByTestId('nav-user')).toHaveText('Noor NoScript');
  });

  test('field errors come back beside their fields', async ({ page }) => {
    await page.goto('/sign-up');
    await page.getByTestId('input-email').fill('MEMBER@example.org');
    await page.getByTestId('input-name').fill('Someone');
    await page.getByTestId('input-password').fill('a long enough password');
    await page.getByTestId('sign-up-submit').click();
    await expect(page.getByTestId('error-email')).toContainText('already exists');
    await expect(page.getByTestId('form-error')).toContainText('Please correct the fields');
  });

  test('the admin sees the Admin link and the user list, and can issue a reset code', async ({ page }) => {
    await signIn(page, DEMO.admin.email, DEMO.admin.password, false);
    await page.getByTestId('nav-admin').click();
    const row = page.getByTestId('user-row').filter({ hasText: DEMO.organiser.email });
    await expect(row).toHaveCount(1);
    await row.getByTestId('issue-token').click();
    await expect(page.getByTestId('issued-token')).toContainText(DEMO.organiser.email);
    await expect(page.getByTestId('token-value')).toHaveText(/^[0-9a-f]{40}$/);
    // Shown once: a reload no longer has it.
    await page.reload();
    await expect(page.getByTestId('issued-token')).toHaveCount(0);
  });
});
