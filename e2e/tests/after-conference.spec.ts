// After conference: an admin records a rule change carried and creates the next edition; the
// clause page then shows the new text with its annotation, and the old text in its history.
// Runs last (its own Playwright project), because a new edition changes what others read.
import { test, expect, waitForHydration } from '../fixtures/app';
import { recordStep, signIn, submitRuleChange } from '../fixtures/flows';

test('an admin creates the next edition from carried rule changes', async ({ browser }) => {
  test.setTimeout(90_000);
  // Submitted for 2025, held over a year (a CLP rule change), debated at 2026.
  const member = await signIn(browser, 'member@example.org', 'member-demo-pass');
  const title = await submitRuleChange(
    member,
    `Prompt notice of suspension ${Date.now()}`,
    '6.I.1.B',
    'informed in writing',
    'informed in writing within 48 hours',
    '2025',
  );
  const supportUrl = member.url();
  await member.context().close();

  const admin = await signIn(browser, 'admin@example.org', 'admin-demo-pass');
  await admin.goto(supportUrl);
  await waitForHydration(admin);
  await recordStep(admin, 'in_order');
  await expect(admin.getByTestId('procedure-status')).toContainText('Annual Conference 2026');
  await recordStep(admin, 'recommend_support');
  await expect(admin.getByTestId('procedure-status')).toContainText('NEC recommends: support');
  await recordStep(admin, 'debate');
  await expect(admin.getByTestId('procedure-status')).toContainText('Debated');
  // Figures that do not add up to the result are refused with the reason.
  await recordStep(admin, 'carry', [1_000, 9_000, 1_000, 9_000]);
  await expect(admin.getByRole('alert')).toContainText('not carried');
  // The result as printed, with the total misprinted: recorded, and the misprint flagged.
  await admin.getByTestId('printed-clp-for').fill('48.76');
  await admin.getByTestId('printed-aff-for').fill('49.87');
  await admin.getByTestId('printed-total-for').fill('98.36');
  await recordStep(admin, 'carry', [342_921, 8_723, 1_810_113, 4_825]);
  await expect(admin.getByTestId('procedure-status')).toContainText('Carried');
  await expect(admin.getByTestId('procedure-history')).toContainText('98.63% for');
  await expect(admin.getByTestId('card-vote-result')).toContainText('342,921');
  await expect(admin.getByTestId('card-vote-result')).toContainText('98.63% (printed 98.36%)');
  await expect(admin.getByTestId('result-flags')).toContainText('The votes give 98.63% for in total, but 98.36% is printed.');

  await admin.goto('/admin/editions');
  await waitForHydration(admin);
  await admin.getByTestId('ne-conference').fill('2026');
  await admin.getByTestId('ne-year').fill('2025');
  await admin.getByTestId('ne-title').fill('Rule Book 2025');
  await admin.getByTestId('ne-create').click();
  await expect(admin.getByTestId('ne-report')).toContainText('Rule Book 2025 created from 1 carried rule changes');

  await admin.goto('/rules/2025/6.I.1.B');
  await expect(admin.getByTestId('rule-text')).toContainText('informed in writing within 48 hours');
  await expect(admin.getByTestId('rule-text')).toContainText(/Words (inserted|substituted) by rule change \d+ \(Riverside CLP\), Annual Conference 2026, card vote 98\.63% for/);
  await admin.getByTestId('history-link').click();
  await expect(admin.locator('main')).toContainText('informed in writing of the suspension');
  await expect(admin.locator('main')).toContainText('Rule Book 2025');
  expect(title).toContain('Prompt notice');
  await admin.context().close();
});
