// The operator's "Users and accounts" page (issue 14: "an operator can link users to accounts ...
// from the UI"; docs/accounts.md), called from browser-test.mjs's main. As the demo operator oscar:
// a fresh user (created over the API, so the demo users other steps use are not touched) is linked
// to alice's account from its row, refused for an account code that is not one (the row's error
// names `account`), and unlinked; an account's commission plan is set (a bad plan refused naming
// `plan`) and cleared, and what the account had before is restored. After every click the page's
// row is compared with what the API answers; at phone width the page is no wider than the screen.

/**
 * @param {object} t
 * @param {import('playwright-core').Page} t.page
 * @param {string} t.api the API's base URL
 * @param {(base: string, method: string, path: string, token: string | null, body: unknown) => Promise<any>} t.apiCall
 * @param {(name: string) => Promise<void>} t.shot
 * @param {(...a: unknown[]) => void} t.log
 * @param {number} t.liveMs
 */
export async function opsAccountsSteps({ page, api, apiCall, shot, log, liveMs }) {
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'oscar', password: 'oscar-demo-password' })).token;
  const ops = (method, path, body = null) => apiCall(api, method, `/api/ops${path}`, token, body);
  const userOf = async (name) => (await ops('GET', '/users?limit=500')).find((u) => u.username === name);

  // a user of this step only; 'a0' sorts before the demo users, so it is on the first page
  const name = `a0ops${Date.now().toString(36)}`;
  await ops('POST', '/users', { username: name, password: `${name}-password-1`, roles: ['TRADER'] });
  const account = (await userOf('alice'))?.account;
  if (!account) throw new Error('the demo user alice has no account to link to');

  if (await page.getByRole('button', { name: 'Log out' }).isVisible()) await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').fill('oscar');
  await page.getByLabel('Password').fill('oscar-demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.evaluate(() => (window.location.hash = '#/ops'));
  await page.getByRole('heading', { name: 'Users and accounts' }).waitFor();

  // the first page shows the users the API's first page has, in its order
  const row = page.locator(`[data-testid="ops-users"] tr[data-user="${name}"]`);
  await row.waitFor({ timeout: liveMs });
  const shownNames = await page.locator('[data-testid="ops-users"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user')));
  const apiNames = (await ops('GET', '/users?limit=25')).map((u) => u.username);
  if (JSON.stringify(shownNames) !== JSON.stringify(apiNames)) {
    throw new Error(`the users page shows ${JSON.stringify(shownNames)}; the API's first page is ${JSON.stringify(apiNames)}`);
  }

  /** Waits until the row shows `expected` as its account and checks the API answers the same. */
  const agree = async (expected, what) => {
    const cell = row.locator('[data-testid="user-account"]');
    const deadline = Date.now() + liveMs;
    let shown = '';
    while (Date.now() < deadline && (shown = ((await cell.textContent()) ?? '').trim()) !== expected) await page.waitForTimeout(100);
    const answered = (await userOf(name))?.account ?? 'none';
    if (shown !== expected || answered !== expected) {
      throw new Error(`${what}: the row shows account ${JSON.stringify(shown)}, the API answers ${JSON.stringify(answered)}, expected ${JSON.stringify(expected)}`);
    }
    // only a linked user can be unlinked
    const unlinks = await row.getByRole('button', { name: `Unlink ${name}`, exact: true }).count();
    if (unlinks !== (expected === 'none' ? 0 : 1)) throw new Error(`${what}: the row has ${unlinks} Unlink buttons with account ${expected}`);
  };
  await agree('none', 'a fresh user');

  // an account code that is not one: refused, the row names the field, nothing linked
  await page.getByLabel(`Account for ${name}`).fill('DU 1!');
  await page.getByRole('button', { name: `Link ${name}`, exact: true }).click();
  const rowError = row.getByRole('alert');
  await rowError.waitFor({ timeout: liveMs });
  const errorText = ((await rowError.textContent()) ?? '').trim();
  if (!/^account: \S/.test(errorText)) throw new Error(`the refused link reads ${JSON.stringify(errorText)}; it should name the field account`);
  await agree('none', 'after a refused link');
  await shot('ops-1-link-refused');

  await page.getByLabel(`Account for ${name}`).fill(account);
  await page.getByRole('button', { name: `Link ${name}`, exact: true }).click();
  await agree(account, 'after linking');
  if (await rowError.isVisible()) throw new Error('the row still shows the refusal after a link that succeeded');
  const roles = ((await row.locator('[data-testid="user-roles"]').textContent()) ?? '').trim();
  if (roles !== 'TRADER') throw new Error(`the row shows roles ${JSON.stringify(roles)}, created with TRADER`);
  await shot('ops-2-linked');
  await page.getByRole('button', { name: `Unlink ${name}`, exact: true }).click();
  await agree('none', 'after unlinking');
  log(`ops: ${name} linked to ${account} and unlinked from the page; a bad code refused with "${errorText}"`);

  // the account's commission plan: set, refused, cleared; what it had before is put back
  const before = await ops('GET', `/accounts/${account}/commission`);
  const platformShown = ((await page.getByTestId('platform-plan').textContent()) ?? '').trim();
  const platform = (await ops('GET', '/accounts/commissions')).platform;
  if (platformShown !== platform) throw new Error(`the page shows the platform's plan ${JSON.stringify(platformShown)}, the API ${JSON.stringify(platform)}`);
  const form = page.getByTestId('commission-form');
  await form.getByLabel('Account').fill(account);
  await form.getByLabel('Plan', { exact: true }).fill('per-share:0.01');
  await form.getByRole('button', { name: 'Set plan' }).click();
  const planError = page.getByTestId('commission-error');
  await planError.waitFor({ timeout: liveMs });
  const planErrorText = ((await planError.textContent()) ?? '').trim();
  if (!/^plan: \S/.test(planErrorText)) throw new Error(`the refused plan reads ${JSON.stringify(planErrorText)}; it should name the field plan`);

  await form.getByLabel('Plan', { exact: true }).fill('ib-tiered:fees=0.003');
  await form.getByLabel('Why (optional)').fill('browser test');
  await form.getByRole('button', { name: 'Set plan' }).click();
  const planCell = page.locator(`[data-testid="commission-plans"] tr[data-account="${account}"] [data-testid="account-plan"]`);
  await planCell.waitFor({ timeout: liveMs });
  const set = await ops('GET', `/accounts/${account}/commission`);
  const planShown = ((await planCell.textContent()) ?? '').trim();
  if (set.source !== 'account' || !set.plan.startsWith('ib-tiered') || planShown !== set.plan) {
    throw new Error(`after setting, the page shows ${JSON.stringify(planShown)}; the API answers ${JSON.stringify(set)}`);
  }
  await shot('ops-3-commission-set');

  // at phone width the page fits the screen (a table may scroll in its own box)
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (size) await page.setViewportSize(size);
  if (wide > 390) throw new Error(`at phone width the operator page is ${wide} px wide`);

  await page.getByRole('button', { name: `Clear ${account}`, exact: true }).click();
  await planCell.waitFor({ state: 'detached', timeout: liveMs });
  const cleared = await ops('GET', `/accounts/${account}/commission`);
  if (cleared.source !== 'platform' || cleared.plan !== platform) throw new Error(`after clearing, the API answers ${JSON.stringify(cleared)}`);
  if (before.source === 'account') await ops('PUT', `/accounts/${account}/commission`, { plan: before.plan, why: 'browser test: restored' });
  log(`ops: ${account}'s commission plan set to ${set.plan} and cleared from the page; a bad plan refused with "${planErrorText}"`);
}
