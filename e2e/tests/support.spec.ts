// Tracking support: an organiser records backing from two CLPs and a union, two delegates
// pledge, and the whip board and forecast update live in another organiser's browser.
import { test, expect, waitForHydration } from '../fixtures/app';
import type { Browser, Page } from '@playwright/test';

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await waitForHydration(page);
  await page.getByTestId('input-email').fill(email);
  await page.getByTestId('input-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('nav-user')).toBeVisible();
  return page;
}

const RULE_CHANGE = 'Review administrative suspensions every three months';

test('backing and pledges update the whip board live', async ({ browser }) => {
  const organiser = await signedIn(browser, 'organiser@example.org', 'organiser-demo-pass');
  await organiser.goto('/conference/2027');
  await organiser.getByRole('link', { name: RULE_CHANGE }).click();
  await expect(organiser.getByTestId('support-title')).toHaveText(RULE_CHANGE);
  await waitForHydration(organiser);
  const supportUrl = organiser.url();

  // A second organiser watches the same board, without reloading.
  const watcher = await signedIn(browser, 'admin@example.org', 'admin-demo-pass');
  await watcher.goto(supportUrl);
  await waitForHydration(watcher);
  await expect(watcher.getByTestId('forecast')).toContainText('no votes known yet');

  for (const [org, stance] of [
    ['Riverside CLP (clp)', 'proposer'],
    ['Northgate CLP (clp)', 'seconder'],
    ["Example Workers' Union (affiliate)", 'endorser'],
  ]) {
    await organiser.getByTestId('backing-org').selectOption({ label: org });
    await organiser.getByTestId('backing-stance').selectOption(stance);
    await organiser.getByTestId('backing-save').click();
    await expect(organiser.getByTestId('backing')).toContainText(org.replace(/ \(.*\)$/, ''));
  }
  await expect(watcher.getByTestId('backing')).toContainText("Example Workers' Union", { timeout: 5_000 });
  // The point estimate counts decided votes only: both sections are 100% for so far.
  await expect(watcher.getByTestId('forecast')).toContainText('100.00% for (CLPs 50.00% + affiliates 50.00%)', { timeout: 5_000 });

  const pledges: [string, string, string][] = [
    ['delegate@example.org', 'delegate-demo-pass', 'for'],
    ['delegate2@example.org', 'delegate2-demo-pass', 'against'],
  ];
  for (const [email, password, position] of pledges) {
    const delegate = await signedIn(browser, email, password);
    await delegate.goto(supportUrl);
    await waitForHydration(delegate);
    await expect(delegate.getByTestId('whip-board')).toHaveCount(0);
    await delegate.getByTestId('pledge-position').selectOption(position);
    await delegate.getByTestId('pledge-save').click();
    await expect(delegate.getByTestId('own-pledge')).toContainText(`Your pledge: ${position}.`);
    await delegate.context().close();
  }
  // Live: the watcher never reloaded.
  await expect(watcher.getByTestId('pledges')).toContainText('Dee Delegate (Riverside CLP): for', { timeout: 5_000 });
  await expect(watcher.getByTestId('pledges')).toContainText('Dev Delegate (Northgate CLP): against', { timeout: 5_000 });
  await expect(watcher.getByTestId('tallies')).toContainText('North West');
  // Northgate's delegate pledged against: Northgate's 860 members now count against.
  await expect(watcher.getByTestId('forecast')).not.toContainText('100.00% for', { timeout: 5_000 });

  // Organisers can take the records away as CSV.
  const csv = await organiser.request.get(
    await organiser.getByTestId('support-csv').getAttribute('href') ?? '',
  );
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('pledge,Northgate CLP,clp,North West,against,Dev Delegate');

  await organiser.context().close();
  await watcher.context().close();
});

test('the conference page shows entitlement and the procedure status', async ({ browser }) => {
  const admin = await signedIn(browser, 'admin@example.org', 'admin-demo-pass');
  await admin.goto('/conference/2027');
  await expect(admin.getByTestId('organisations')).toContainText('Harbourside CLP');
  await expect(admin.getByTestId('conference-rule-changes')).toContainText('Submitted');
  await admin.getByTestId('import-csv').fill('name,kind,region,membership,card_vote_weight\nNew Town CLP,clp,Wales,2000,\nBad CLP,clp,Wales,many,\n');
  await waitForHydration(admin);
  await admin.getByTestId('import-save').click();
  await expect(admin.getByTestId('import-report')).toContainText('1 created, 0 updated, 1 rows not imported.');
  await expect(admin.getByTestId('import-report')).toContainText('Line 3');
  await expect(admin.getByTestId('organisations')).toContainText('New Town CLP');
  await admin.context().close();
});
