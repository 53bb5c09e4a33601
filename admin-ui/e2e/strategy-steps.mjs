// Browser steps for issue 15, point 5 (strategies with parameters), called from browser-test.mjs:
// the plan form offers the deployed rule set's strategies with inputs generated from their
// parameter schema (defaults prefilled), a parameter out of its bounds is refused next to its
// input, and the plan page shows the strategy and its parameters as the API has them.

/**
 * @param {{page: import('playwright-core').Page, api: string, apiCall: Function, expectText: Function,
 *   shot: Function, log: Function, user: string, password: string}} t
 */
export async function strategySteps({ page, api, apiCall, expectText, shot, log, user, password }) {
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: user, password })).token;
  const offered = await apiCall(api, 'GET', '/api/strategies', token, null);
  const exitAt = offered.strategies.find((s) => s.name === 'exit-at-time');
  if (!exitAt) throw new Error('the deployed rule set offers no exit-at-time strategy');

  await page.getByRole('link', { name: 'New plan' }).first().click();
  await page.getByRole('heading', { name: 'New plan' }).waitFor();
  const choice = page.getByLabel('Strategy (optional)');
  // the form reads the strategies when it opens: wait for its answer before reading the options
  let names = [];
  for (const until = Date.now() + 15_000; Date.now() < until; await page.waitForTimeout(100)) {
    names = await choice.locator('option').allTextContents();
    if (offered.strategies.every((s) => names.includes(s.name))) break;
  }
  for (const s of offered.strategies) {
    if (!names.includes(s.name)) throw new Error(`the form does not offer ${s.name}: ${names.join(', ')}`);
  }
  await choice.selectOption('exit-at-time');
  const time = page.getByLabel('exitAt');
  if ((await time.inputValue()) !== exitAt.parameters[0].defaultValue) {
    throw new Error(`exitAt starts at ${await time.inputValue()}, not the schema's default ${exitAt.parameters[0].defaultValue}`);
  }
  await expectText(page.locator('#f-strategy-params-exitAt-hint'), /09:30 to 16:00; default 15:55/, 'the range and default from the schema');
  await page.getByLabel('Symbol').fill('STRT');
  await page.getByLabel('Quantity', { exact: true }).fill('10');
  await page.getByLabel('Entry price').fill('1.00');
  await page.getByLabel('Stop 1 price').fill('0.50');
  await time.fill('09:00');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expectText(
    page.locator('.field-error[data-field="strategy.params.exitAt"]'),
    /must be between 09:30 and 16:00/,
    'the bound error next to exitAt',
  );
  await shot('strategy-01-bound-refused');

  await time.fill('15:50');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  const row = page.locator('[data-testid="open-plans"] tr[data-plan-id]').filter({ hasText: 'STRT' }).first();
  await row.waitFor();
  const id = await row.getAttribute('data-plan-id');
  const stored = (await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan;
  if (stored.strategy?.name !== 'exit-at-time' || stored.strategy?.params?.exitAt !== '15:50') {
    throw new Error(`the API has the plan's strategy as ${JSON.stringify(stored.strategy)}`);
  }
  await page.goto(new URL(`#/plan/${id}`, page.url()).toString());
  await expectText(page.locator('[data-testid="plan-strategy"]'), /^exit-at-time \(exitAt 15:50\)$/, 'the plan page shows the strategy the API has');
  await expectText(page.locator('[data-testid="rule-set-version"]'), /chosen when activated/, 'a draft is not pinned yet');
  await shot('strategy-02-plan-page');
  log(`strategy plan ${id}: exit-at-time at 15:50 shown as the API has it`);
}
