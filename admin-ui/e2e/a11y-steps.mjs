// The accessibility audit (docs/ui.md, "Accessibility"): axe-core, run in the real page on every
// page of the UI (the login, the plans list, the plan form, a plan page, the account page, the
// rules, risk limits, analysis and operator pages) as the role that sees it. Every violation of
// impact "serious" or "critical" is collected over all pages and fails the step at the end with
// the list (rule, impact, page, the elements it names); "moderate" and "minor" ones are logged.
//
// axe-core is read from node_modules and evaluated through the DevTools protocol, so no script tag
// is added and the page's Content-Security-Policy is not touched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FAILING = new Set(['serious', 'critical']);

/**
 * @param {{ page: import('playwright-core').Page, api: string, apiCall: Function, shot: Function,
 *   log: Function, user: string, password: string }} t
 */
export async function a11ySteps({ page, api, apiCall, shot, log, user, password }) {
  const failures = [];
  let pages = 0;

  async function audit(name) {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
    );
    pages++;
    for (const v of result.violations) {
      const where = v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ');
      const line = `${name}: ${v.impact} ${v.id} (${v.help}) at ${where}`;
      if (FAILING.has(v.impact)) failures.push(line);
      else log(`a11y (not failing): ${line}`);
    }
  }

  async function loginAs(name, pass) {
    if (await page.getByRole('button', { name: 'Log out' }).isVisible()) {
      await page.getByRole('button', { name: 'Log out' }).click();
    }
    await page.getByLabel('User name').waitFor();
    await audit('login');
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill(pass);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
  }

  async function open(hash, heading, name) {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
    await audit(name);
  }

  // the trader: the list (open and ended plans), the form, a plan page, the account
  await loginAs(user, password);
  await open('#/', 'Plans', 'plans list');
  await page.locator('[data-testid="ended-plans"] tbody tr').first().waitFor();
  await audit('plans list with ended plans');
  await open('#/new', 'New plan', 'plan form');
  // the form with its errors shown: a save with the required fields empty
  await page.getByRole('button', { name: 'Save draft' }).click();
  if (await page.locator('.field-error').first().waitFor({ timeout: 10_000 }).then(() => true, () => false)) {
    await audit('plan form with errors');
  }
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: user, password })).token;
  const [plan] = await apiCall(api, 'GET', '/api/plans?status=INACTIVE,CANCELLED,REJECTED&sort=-endedAt&limit=1', token, null);
  if (plan) {
    await page.evaluate((id) => (window.location.hash = `#/plan/${encodeURIComponent(id)}`), plan.id);
    await page.locator('#detail-title').waitFor();
    await audit('plan page');
  }
  await open('#/account', 'Account', 'account');

  // the other roles' pages (the demo users)
  if (user === 'alice') {
    await loginAs('sam', 'sam-demo-password');
    await open('#/rules', 'Rules', 'rules');
    await open('#/limits', 'Risk limits', 'risk limits');
    await loginAs('ana', 'ana-demo-password');
    await open('#/analysis', 'Analysis', 'analysis');
    await loginAs('oscar', 'oscar-demo-password');
    await open('#/ops', 'Operator', 'operator');
  }
  await shot('a11y-last-page');
  log(`a11y: axe-core on ${pages} pages, ${failures.length} serious or critical violations`);
  if (failures.length > 0) throw new Error(`accessibility violations (serious or critical):\n${failures.join('\n')}`);
}
