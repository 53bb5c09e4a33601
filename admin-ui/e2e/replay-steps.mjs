// Incident replay from the browser (issue 19, point 6): ana replays the trader's recorded day on
// the Analysis page, first under the recorded rule-set versions, then under a draft in which a
// rule was changed on purpose (targets a dollar late). Every figure and sentence the page shows is
// checked against the API's job and report.json of the same replay, never mere presence.
const TARGET_CONDITION = '$p.side.reachedProfitLevel($t.last(), price) )';

/** The reproduced line as the page must word it, computed from the API's report. */
function reproducedLine(r) {
  let same = 0;
  let live = 0;
  for (const p of r.plans) {
    same += p.divergence ? Math.min(p.divergence.eventIndex, p.live.length) : p.live.length;
    live += p.live.length;
  }
  const identical = r.plans.filter((p) => p.identical).length;
  return `${same} of ${live} live events reproduced; ${identical} of ${r.plans.length} plans identical`;
}

const squash = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

export async function replaySteps({ page, api, apiCall, log, shot, user, liveMs }) {
  const sam = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'sam', password: 'sam-demo-password' })).token;
  const files = (await apiCall(api, 'GET', '/api/rules/versions/1', sam, null)).files;
  const drl = files['lifecycle/60-exit-triggers.drl'];
  if (!drl.includes(TARGET_CONDITION)) throw new Error('the target rule is not where the replay step plants its change');
  files['lifecycle/60-exit-triggers.drl'] = drl.replace(TARGET_CONDITION, '$p.side.reachedProfitLevel($t.last(), price.add(java.math.BigDecimal.ONE)) )');
  const draft = await apiCall(api, 'POST', '/api/rules/versions', sam, { files, message: 'replay: targets a dollar late', parent: 1 });
  const ana = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'ana', password: 'ana-demo-password' })).token;

  // a fresh login: the page reads the version list when it opens, and the draft must be in it
  if (await page.getByRole('button', { name: 'Log out' }).isVisible()) await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').fill('ana');
  await page.getByLabel('Password').fill('ana-demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Analysis' }).click();
  await page.getByRole('heading', { name: 'Incident replay' }).waitFor();
  await page.locator(`select option[value="${draft.number}"]`).first().waitFor({ state: 'attached', timeout: liveMs });

  const today = new Date().toISOString().slice(0, 10);
  const replay = async (version, label) => {
    await page.getByLabel('Replay user').fill(user);
    await page.getByLabel('Replay day').fill(today);
    await page.getByLabel('Replay rules').selectOption(version === '' ? { index: 0 } : version);
    const before = (await page.getByTestId('replay-job').count()) > 0 ? await page.getByTestId('replay-job').getAttribute('data-job-id') : null;
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await page.locator('[data-testid="replay-job"]').and(page.locator(`:not([data-job-id="${before}"])`)).waitFor({ timeout: liveMs });
    await page.getByTestId('replay-verdict').waitFor({ timeout: liveMs * 3 });
    const id = await page.getByTestId('replay-job').getAttribute('data-job-id');
    const job = await apiCall(api, 'GET', `/api/analysis/replays/${id}`, ana, null);
    const r = await apiCall(api, 'GET', `/api/analysis/replays/${id}/report.json`, ana, null);
    const expect = async (testId, want, what) => {
      const shown = squash(await page.getByTestId(testId).textContent());
      if (shown !== want) throw new Error(`replay ${label}: ${what} reads '${shown}', the API says '${want}'`);
    };
    if (job.status !== 'DONE' || job.request.kind !== 'replay' || r.owner !== user) throw new Error(`replay ${label}: job ${JSON.stringify(job)}`);
    if (r.from !== `${today}T00:00:00Z`) throw new Error(`replay ${label}: the window starts at ${r.from}, not the day chosen`);
    if (r.plans.length === 0) throw new Error(`replay ${label}: no plan of ${user} in the recording: ${r.summary}`);
    await expect('replay-verdict', squash(r.summary), 'the verdict');
    await expect('replay-status', 'DONE', 'the status');
    await expect('replay-progress', `${job.ticksDone} / ${job.ticksTotal} entries`, 'the progress');
    await expect('replay-rules', r.rules, 'the rules');
    await expect('replay-reproduced', reproducedLine(r), 'the reproduced events');
    const differ = r.orders.firstDifference === null ? ', the same' : `, first different: order ${r.orders.firstDifference}`;
    await expect('replay-orders', `Orders: ${r.orders.live} live, ${r.orders.replay} in the replay${differ}.`, 'the orders');
    for (const p of r.plans) {
      const same = p.divergence ? Math.min(p.divergence.eventIndex, p.live.length) : p.live.length;
      const cell = squash(await page.locator(`[data-testid="replay-plans"] tr[data-plan="${p.plan}"] [data-testid="replay-plan-reproduced"]`).textContent());
      if (cell !== `${same} of ${p.live.length}`) throw new Error(`replay ${label}: plan ${p.plan} reads '${cell}', the API ${same} of ${p.live.length}`);
    }
    const d = r.firstDivergence;
    if (d) {
      const line = `The replay parts from the live run at ${d.time ?? 'an unknown time'}, plan ${d.plan}, event ${d.eventIndex}, by rule '${d.rule ?? 'none'}' (${d.actedFirst === 'live' ? 'the live run' : 'the replay'} acted first).`;
      await expect('replay-divergence', line, 'the first divergence');
    } else if (await page.getByTestId('replay-divergence').count() !== 0) {
      throw new Error(`replay ${label}: the page shows a divergence the API does not have`);
    }
    log(`replay: ${label} of ${user} on ${today}: '${r.summary.slice(0, 120)}', ${reproducedLine(r)}`);
    return r;
  };

  const recorded = await replay('', 'under the recorded versions');
  if (recorded.rules !== 'recorded versions') throw new Error(`the first replay ran '${recorded.rules}'`);
  await shot('replay-01-recorded');
  const changed = await replay(String(draft.number), `under draft ${draft.number}`);
  if (changed.rules !== `version ${draft.number}`) throw new Error(`the second replay ran '${changed.rules}'`);
  await shot('replay-02-draft');
}
