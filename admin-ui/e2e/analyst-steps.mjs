// The analyst's steps of the browser test (issue 19): ana uploads the worked example's files,
// runs them under the deployed rules and under a draft in which a rule was changed on purpose,
// watches a long job's progress and cancels it, opens a report and compares the two runs. Every
// figure the page shows is checked against the API's answer for the same job.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/simulator/src/test/resources/worked-example');
const TARGET_CONDITION = '$p.side.reachedProfitLevel($t.last(), price) )';

/** Plans that never enter over many ticks, without the level gate: slow enough to watch. */
function slowFiles() {
  const plans = [];
  for (let i = 0; i < 300; i++) {
    plans.push({
      id: `s${i}`, owner: 'ana', symbol: 'AAPL', side: 'LONG', quantity: 10,
      entry: { condition: 'ABOVE', price: '1000.00' }, stops: [{ price: '90.00' }], targets: [{ price: '1100.00' }],
    });
  }
  const start = Date.parse('2026-03-02T14:30:00Z');
  const rows = ['time,symbol,last'];
  for (let i = 0; i < 100_000; i++) rows.push(`${new Date(start + i).toISOString()},AAPL,${100 + (i % 50)}.00`);
  return { plans: JSON.stringify(plans), ticks: rows.join('\n') + '\n' };
}

export async function analystSteps({ page, api, apiCall, log, shot, LIVE_MS }) {
  // sam plants a change: targets fire a dollar late (the comparison must find it at tick 9)
  const sam = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'sam', password: 'sam-demo-password' })).token;
  const files = (await apiCall(api, 'GET', '/api/rules/versions/1', sam, null)).files;
  const drl = files['lifecycle/60-exit-triggers.drl'];
  if (!drl.includes(TARGET_CONDITION)) throw new Error('the target rule is not where the analyst step plants its change');
  files['lifecycle/60-exit-triggers.drl'] = drl.replace(TARGET_CONDITION, '$p.side.reachedProfitLevel($t.last(), price.add(java.math.BigDecimal.ONE)) )');
  const draft = await apiCall(api, 'POST', '/api/rules/versions', sam, { files, message: 'targets a dollar late', parent: 1 });
  const ana = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'ana', password: 'ana-demo-password' })).token;

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill('ana-demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Analysis' }).click();
  await page.getByRole('heading', { name: 'Analysis', exact: true }).waitFor();
  // the trader's fill notices went with her logout: the next user of the page never sees them
  const leftover = await page.getByTestId('notice').allTextContents();
  if (leftover.length > 0) throw new Error(`the analyst is shown the trader's notices: ${JSON.stringify(leftover)}`);

  const example = {
    ticks: { name: 'ticks.csv', mimeType: 'text/csv', buffer: readFileSync(join(EXAMPLE, 'ticks.csv')) },
    plans: { name: 'plans.json', mimeType: 'application/json', buffer: readFileSync(join(EXAMPLE, 'plans.json')) },
  };
  const rows = page.locator('[data-testid="analysis-jobs"] tbody tr[data-job-id]');
  const run = async (version) => {
    const before = await rows.count();
    await page.getByLabel('Tick file').setInputFiles(example.ticks);
    await page.getByLabel('Plans file').setInputFiles(example.plans);
    await page.getByLabel('Rule-set version').selectOption(version);
    await page.getByLabel('Commission').selectOption('ib-fixed');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await rows.nth(before).waitFor();
    const row = rows.first();
    const id = await row.getAttribute('data-job-id');
    await row.locator('[data-testid="job-status"]', { hasText: 'DONE' }).waitFor({ timeout: LIVE_MS });
    const job = await apiCall(api, 'GET', `/api/analysis/jobs/${id}`, ana, null);
    const shown = (await row.locator('[data-testid="job-realized"]').textContent()).trim();
    if (shown !== job.statistics.realizedPnl) throw new Error(`job ${id}: the page shows realized ${shown}, the API ${job.statistics.realizedPnl}`);
    const progress = (await row.locator('[data-testid="job-progress"]').textContent()).trim();
    if (progress !== `${job.ticksDone} / ${job.ticksTotal} ticks` || job.ticksDone !== 13) throw new Error(`job ${id}: progress '${progress}', API ${job.ticksDone}/${job.ticksTotal}`);
    log(`analyst: job ${id.slice(0, 8)} (version ${version}) DONE, realized ${shown}, ${progress}`);
    return id;
  };
  const a = await run('1');
  const b = await run(String(draft.number));

  // a long job: its progress moves with an estimate, then a cancel stops it
  const slow = slowFiles();
  await page.getByLabel('Tick file').setInputFiles({ name: 'slow.csv', mimeType: 'text/csv', buffer: Buffer.from(slow.ticks) });
  await page.getByLabel('Plans file').setInputFiles({ name: 'slow.json', mimeType: 'application/json', buffer: Buffer.from(slow.plans) });
  await page.getByLabel('Rule-set version').selectOption('1');
  await page.getByLabel('Level gate').uncheck();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const slowRow = rows.first();
  await slowRow.locator('[data-testid="job-status"]', { hasText: 'RUNNING' }).waitFor({ timeout: LIVE_MS });
  const slowId = await slowRow.getAttribute('data-job-id');
  await slowRow.locator('[data-testid="job-estimate"]', { hasText: 'left' }).waitFor({ timeout: LIVE_MS });
  const moving = (await slowRow.locator('[data-testid="job-progress"]').textContent()).trim();
  const m = /^(\d+) \/ 100000 ticks$/.exec(moving);
  if (!m || Number(m[1]) <= 0 || Number(m[1]) >= 100_000) throw new Error(`the long job's progress reads '${moving}'`);
  const bar = await slowRow.locator('progress').evaluate((p) => [p.value, p.max]);
  if (bar[1] !== 100_000 || bar[0] <= 0) throw new Error(`the progress bar is ${bar}`);
  await shot('analyst-01-progress');
  await slowRow.getByRole('button', { name: 'Cancel' }).click();
  await slowRow.locator('[data-testid="job-status"]', { hasText: 'CANCELLED' }).waitFor({ timeout: LIVE_MS });
  const cancelled = await apiCall(api, 'GET', `/api/analysis/jobs/${slowId}`, ana, null);
  if (cancelled.status !== 'CANCELLED' || cancelled.ticksDone >= 100_000) throw new Error(`the cancelled job: ${JSON.stringify(cancelled)}`);
  log(`analyst: long job showed '${moving}', cancelled at ${cancelled.ticksDone} of 100000`);

  // the report of run A, in the page, says what the API's report says
  const report = await apiCall(api, 'GET', `/api/analysis/jobs/${a}/report.json`, ana, null);
  await page.locator(`tr[data-job-id="${a}"]`).getByRole('button', { name: 'Open report' }).click();
  const frame = page.frameLocator('iframe.report-frame');
  await frame.getByRole('heading', { name: 'Simulation report' }).waitFor();
  const reportText = await frame.locator('body').textContent();
  for (const figure of [report.statistics.realizedPnl, report.statistics.commission, report.statistics.maxDrawdown]) {
    if (!reportText.includes(figure)) throw new Error(`the report page lacks the API's figure ${figure}`);
  }
  log(`analyst: report of ${a.slice(0, 8)} shows realized ${report.statistics.realizedPnl}, commission ${report.statistics.commission}`);
  await shot('analyst-02-report');
  // Close the report before the next clicks, from the keyboard. Chromium runs the sandboxed report
  // frame in a process of its own, and on the loaded CI machine mouse clicks made while it was
  // shown were lost (Compare and Log out ignored in 2 runs of 5, while Enter on the same buttons
  // worked and the page's own hit test named the button): closing it removes that frame.
  await page.getByRole('button', { name: 'Close report' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('iframe.report-frame').waitFor({ state: 'detached' });

  // compare A and B: the first divergence and every difference are the API's
  await page.getByRole('combobox', { name: /^Run A/ }).selectOption(a);
  await page.getByRole('combobox', { name: /^Run B/ }).selectOption(b);
  // Should a mouse click still be lost (above), it is logged with what the page showed and the
  // comparison is asked from the keyboard (Enter on the focused button, as a keyboard user would);
  // a button that does not work fails both ways.
  const compareButton = page.getByRole('button', { name: 'Compare' });
  const asked = page.waitForRequest((r) => r.url().includes('/api/analysis/compare?'), { timeout: 10_000 }).then(() => true, () => false);
  await compareButton.click();
  if (!(await asked)) {
    const seen = await compareButton.evaluate((b) => {
      const r = b.getBoundingClientRect();
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      return `hit ${hit?.tagName} '${hit?.textContent?.trim().slice(0, 30)}', disabled ${b.disabled}, scrollY ${window.scrollY}`;
    });
    log(`analyst: the click on Compare sent no request in 10 s (${seen}); asking with Enter`);
    await compareButton.focus();
    await page.keyboard.press('Enter');
  }
  const c = await apiCall(api, 'GET', `/api/analysis/compare?a=${a}&b=${b}`, ana, null);
  // the page's own request answers like the test's, but on a loaded machine later than a step's
  // default wait: wait as for any live result
  await page.locator('[data-testid="first-divergence"]').waitFor({ timeout: LIVE_MS });
  const first = (await page.locator('[data-testid="first-divergence"]').textContent()).trim();
  const expected = `The runs part first at tick ${c.firstDivergence.tick}, plan ${c.firstDivergence.plan}, by rule '${c.firstDivergence.rule}'.`;
  if (first.replace(/\s+/g, ' ') !== expected || c.firstDivergence.tick !== 9) throw new Error(`the page says '${first}', the API '${expected}'`);
  for (const s of c.statistics) {
    const cell = (await page.locator(`[data-testid="comparison"] tr[data-statistic="${s.name}"] [data-testid="difference"]`).textContent()).trim();
    const want = s.difference === null ? '—' : String(s.difference);
    if (cell !== want) throw new Error(`difference of ${s.name}: page ${cell}, API ${want}`);
  }
  log(`analyst: comparison shows '${first}' and ${c.statistics.length} differences as the API`);
  await shot('analyst-03-compare');
}
