// A simulation job priced by an IB account's commission plan, from the Analysis page's "Or the plan
// of account" field (docs/simulator.md "Choosing a plan by name"), called from browser-test.mjs's
// main. The operator gives DU7654321 the plan ib-tiered:fees=0.003 over the API; ana runs the
// worked example typing only that account; the job's commission must be what that plan charges
// (1.65: entry of 100 at 0.35 + 100 x 0.003, two exits of 50 at 0.35 + 50 x 0.003), and the
// report on the page must show the API's commission figure and the plan that ran. The account's
// plan is put back as it was before.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/simulator/src/test/resources/worked-example');
const ACCOUNT = 'DU7654321';
const PLAN = 'ib-tiered:fees=0.003';
const PLAN_COMMISSION = '1.65';

export async function analysisCommissionSteps({ page, api, apiCall, log, shot, liveMs }) {
  const oscar = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'oscar', password: 'oscar-demo-password' })).token;
  const ana = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'ana', password: 'ana-demo-password' })).token;
  const before = await apiCall(api, 'GET', `/api/ops/accounts/${ACCOUNT}/commission`, oscar, null);
  const set = await apiCall(api, 'PUT', `/api/ops/accounts/${ACCOUNT}/commission`, oscar, { plan: PLAN, why: 'browser test: a job priced by this plan' });
  try {
    if (await page.getByRole('button', { name: 'Log out' }).isVisible()) await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('User name').fill('ana');
    await page.getByLabel('Password').fill('ana-demo-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Analysis' }).click();
    await page.getByRole('heading', { name: 'Analysis', exact: true }).waitFor();

    const rows = page.locator('[data-testid="analysis-jobs"] tbody tr[data-job-id]');
    await page.getByLabel('Tick file').setInputFiles({ name: 'ticks.csv', mimeType: 'text/csv', buffer: readFileSync(join(EXAMPLE, 'ticks.csv')) });
    await page.getByLabel('Plans file').setInputFiles({ name: 'plans.json', mimeType: 'application/json', buffer: readFileSync(join(EXAMPLE, 'plans.json')) });
    await page.getByLabel('Level gate').check();
    await page.getByLabel('Or the plan of account').fill(ACCOUNT);
    const submitted = page.waitForResponse((r) => r.url().endsWith('/api/analysis/jobs') && r.request().method() === 'POST', { timeout: liveMs });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const answer = await submitted;
    if (answer.status() !== 202) throw new Error(`the job priced by ${ACCOUNT}'s plan was answered ${answer.status()}: ${await answer.text()}`);
    const sent = answer.request().postDataJSON();
    if (sent.commissionAccount !== ACCOUNT || sent.commission !== null) throw new Error(`the page sent commission ${JSON.stringify(sent.commission)}, commissionAccount ${JSON.stringify(sent.commissionAccount)}`);
    const id = (await answer.json()).id;
    const row = page.locator(`[data-testid="analysis-jobs"] tbody tr[data-job-id="${id}"]`);
    await row.locator('[data-testid="job-status"]', { hasText: 'DONE' }).waitFor({ timeout: liveMs });

    const job = await apiCall(api, 'GET', `/api/analysis/jobs/${id}`, ana, null);
    const report = await apiCall(api, 'GET', `/api/analysis/jobs/${id}/report.json`, ana, null);
    if (job.statistics.commission !== PLAN_COMMISSION) throw new Error(`job ${id} priced by ${set.plan}: the API's commission is ${job.statistics.commission}, the plan charges ${PLAN_COMMISSION}`);
    if (report.options.commission !== set.plan) throw new Error(`job ${id} ran with ${report.options.commission}, the account's plan is ${set.plan}`);
    const realized = (await row.locator('[data-testid="job-realized"]').textContent()).trim();
    if (realized !== job.statistics.realizedPnl) throw new Error(`job ${id}: the page shows realized ${realized}, the API ${job.statistics.realizedPnl}`);

    await row.getByRole('button', { name: 'Open report' }).click();
    const frame = page.frameLocator('iframe.report-frame');
    await frame.getByRole('heading', { name: 'Simulation report' }).waitFor();
    const commissionShown = (await frame.locator('td[data-name="commission"]').textContent()).trim();
    if (commissionShown !== job.statistics.commission) {
      throw new Error(`job ${id}: the report on the page shows commission ${commissionShown}, the API ${job.statistics.commission}`);
    }
    const optionsShown = (await frame.locator('p').first().textContent()).replace(/\s+/g, ' ');
    if (!optionsShown.includes(`Commission ${set.plan},`)) throw new Error(`the report's options read '${optionsShown}', not the plan ${set.plan}`);
    log(`analysis commission: job ${id.slice(0, 8)} priced by ${ACCOUNT}'s plan ${set.plan} shows commission ${commissionShown} as the API`);
    await shot('analysis-commission-report');
    // closed from the keyboard, as analyst-steps.mjs does (mouse clicks near the frame were lost)
    await page.getByRole('button', { name: 'Close report' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('iframe.report-frame').waitFor({ state: 'detached' });
    await page.getByLabel('Or the plan of account').fill('');
  } finally {
    if (before.source === 'account') {
      await apiCall(api, 'PUT', `/api/ops/accounts/${ACCOUNT}/commission`, oscar, { plan: before.plan, why: 'browser test: put back' });
    } else {
      await apiCall(api, 'DELETE', `/api/ops/accounts/${ACCOUNT}/commission`, oscar, null);
    }
  }
}
