// The strategy admin's path through the Rules page (issue 15, point 6), called from
// browser-test.mjs's main: sam edits a rule in the CodeMirror editor, sees the compiler's error at
// its line, fixes it, runs the test, deploys; alice's new plan then runs the renamed rule (its name
// is in the plan's history); a rollback brings the old rule back for the plans activated after it.
// Every check compares what the page shows with what the API answers.

const FILE = 'lifecycle/40-entry.drl';
const OLD_RULE = 'The entry triggers when the price reaches the entry level';
const NEW_RULE = 'The entry triggers at the entry level (edited in the browser)';
/** The test of a version runs every shipped scenario: allow it time on a loaded machine. */
const TEST_MS = 300_000;

/**
 * @param {object} t
 * @param {import('playwright-core').Page} t.page
 * @param {string} t.api the API's base URL
 * @param {(base: string, method: string, path: string, token: string | null, body: unknown) => Promise<any>} t.apiCall
 * @param {(name: string) => Promise<void>} t.shot
 * @param {(...a: unknown[]) => void} t.log
 * @param {number} t.liveMs
 */
export async function rulesSteps({ page, api, apiCall, shot, log, liveMs }) {
  const samToken = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'sam', password: 'sam-demo-password' })).token;
  const aliceToken = (await apiCall(api, 'POST', '/api/auth/login', null, { username: 'alice', password: 'alice-demo-password' })).token;
  const rules = (method, path, body = null) => apiCall(api, method, `/api/rules${path}`, samToken, body);

  await switchUser(page, 'sam');
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByRole('heading', { name: 'Rules', exact: true }).waitFor();

  // the versions table is the API's list: rows, the deployed marker, the pinned plans
  const listed = await rules('GET', '/versions');
  const before = listed.deployed;
  await versionsShown(page, listed);
  log(`rules: ${listed.versions.length} versions listed as the API has them, version ${before} deployed`);
  await shot('r1-rules-versions');

  // edit: rename the entry rule (what alice's plan will show) and break its first pattern's type
  const original = (await rules('GET', `/versions/${before}`)).files[FILE];
  if (!original.includes(OLD_RULE)) throw new Error(`${FILE} of version ${before} has no rule "${OLD_RULE}"`);
  const renamed = original.replace(OLD_RULE, NEW_RULE);
  const lines = renamed.split('\n');
  const ruleLine = lines.findIndex((l) => l.includes(NEW_RULE));
  const brokenIndex = lines.findIndex((l, i) => i > ruleLine && l.includes('$t : Tick()'));
  if (brokenIndex < 0) throw new Error(`no "$t : Tick()" pattern after the rule in ${FILE}`);
  const brokenLine = brokenIndex + 1;
  const broken = lines.map((l, i) => (i === brokenIndex ? l.replace('Tick()', 'Tickk()') : l)).join('\n');

  await page.getByLabel('File', { exact: true }).selectOption(FILE);
  await highlighted(page);
  await replaceEditorText(page, broken);
  await page.getByLabel('Message', { exact: true }).fill('rename the entry rule (browser test), with a typo');
  await page.getByRole('button', { name: 'Save as a new version and validate' }).click();
  const notice = page.getByTestId('rules-notice');
  await notice.filter({ hasText: /Saved as version \d+, with \d+ problems?/ }).waitFor({ timeout: liveMs });
  const brokenVersion = Number(/Saved as version (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
  const stored = (await rules('GET', `/versions/${brokenVersion}`)).files[FILE];
  if (stored !== broken) throw new Error(`version ${brokenVersion} does not hold the text typed into the editor`);
  const validation = await rules('POST', `/versions/${brokenVersion}/validate`);
  const inFile = validation.problems.filter((p) => p.file === FILE);
  const problem = inFile.find((p) => p.line === brokenLine);
  if (validation.ok || problem === undefined) {
    throw new Error(`validate of version ${brokenVersion} places no problem on line ${brokenLine} of ${FILE}: ${JSON.stringify(validation)}`);
  }
  if (problem.rule !== NEW_RULE) throw new Error(`the problem names rule ${JSON.stringify(problem.rule)}, not the edited one`);
  // the list: every problem with its place and rule; the editor: an underline on each problem's
  // line (a whole-file problem, line 0, on the first) and a gutter marker per such line
  for (const p of validation.problems) {
    const item = page.locator(`[data-testid="problems"] li[data-file="${p.file}"][data-line="${p.line}"]`).first();
    await item.waitFor();
    const itemText = (await item.textContent()) ?? '';
    if (!itemText.includes(`${p.file}:${p.line}:${p.column}`) || (p.rule && !itemText.includes(`"${p.rule}"`))) {
      throw new Error(`the problem ${JSON.stringify(p)} is listed as ${JSON.stringify(itemText)}`);
    }
  }
  const expectedLines = [...new Set(inFile.map((p) => Math.max(p.line, 1)))].sort((a, b) => a - b);
  const marked = await markedLines(page);
  const underlined = [...new Set(marked.underlined)].sort((a, b) => a - b);
  if (JSON.stringify(underlined) !== JSON.stringify(expectedLines)) {
    throw new Error(`the editor underlines lines ${underlined.join(',')}; the API places problems on lines ${expectedLines.join(',')}`);
  }
  if (marked.gutterMarkers !== expectedLines.length) throw new Error(`the lint gutter shows ${marked.gutterMarkers} markers for ${expectedLines.length} lines`);
  log(`rules: version ${brokenVersion} has the compile error at ${FILE}:${problem.line}:${problem.column} (rule "${problem.rule}"; ${validation.problems.length} problems in all), underlined on lines ${expectedLines.join(',')} of the editor`);
  await shot('r2-compile-error');

  // fix it: a new version without problems
  await replaceEditorText(page, renamed);
  await page.getByLabel('Message', { exact: true }).fill('rename the entry rule (browser test)');
  await page.getByRole('button', { name: 'Save as a new version and validate' }).click();
  await notice.filter({ hasText: /Saved as version \d+: it compiles and passes the policy check/ }).waitFor({ timeout: liveMs });
  const fixed = Number(/Saved as version (\d+)/.exec((await notice.textContent()) ?? '')?.[1]);
  if (!(fixed > brokenVersion)) throw new Error(`the fixed draft is version ${fixed}`);
  if ((await rules('POST', `/versions/${fixed}/validate`)).ok !== true) throw new Error(`the API finds problems in version ${fixed}`);
  if ((await page.locator('.cm-lintRange-error').count()) !== 0) throw new Error('the editor still underlines an error after the fix');

  // the test: its summary is the one the API kept on the version
  await page.getByRole('button', { name: `Run the test of version ${fixed}` }).click();
  const summary = page.getByTestId('test-summary');
  await summary.waitFor({ timeout: TEST_MS });
  const kept = (await rules('GET', '/versions')).versions.find((v) => v.number === fixed).lastTest;
  const summaryText = ((await summary.textContent()) ?? '').trim();
  if (!kept?.passed || summaryText !== `Passed: ${kept.summary}`) {
    throw new Error(`the page says ${JSON.stringify(summaryText)}, the API kept ${JSON.stringify(kept)}`);
  }
  const failedRows = await page.locator('[data-testid="test-scenarios"] tbody tr').filter({ has: page.locator('td.fail') }).count();
  if (failedRows !== 0) throw new Error(`${failedRows} scenarios shown failed on a green test`);
  log(`rules: the test of version ${fixed}: ${kept.summary}`);
  // the reference simulation: renaming a rule changes no outcome (0 plans end differently) but every
  // history names the renamed rule, so the histories part and the first divergence is shown
  const deployedNow = (await rules('GET', '/versions')).deployed;
  const refText = ((await page.getByTestId('reference-summary').textContent()) ?? '').trim();
  const expectedRef = `Reference default: 0 of 40 plans ended differently under version ${fixed} than under the deployed version ${deployedNow} (30000 ticks).`;
  if (refText !== expectedRef) throw new Error(`the reference says ${JSON.stringify(refText)}, expected ${JSON.stringify(expectedRef)}`);
  const firstText = ((await page.getByTestId('reference-first').textContent()) ?? '').replace(/\s+/g, ' ');
  if (!/First divergence: plan p\d+ at tick \d+ \(rule “.+”\): deployed ORDER ENTRY/.test(firstText)) {
    throw new Error(`the first divergence reads ${JSON.stringify(firstText)}`);
  }
  log(`rules: ${refText} ${firstText.trim()}`);
  await shot('r3-test-passed');

  // deploy, with the confirmation that says what happens to the open plans
  const beforeDeploy = await rules('GET', '/versions');
  await page.getByTestId('deploy').click();
  const confirm = page.getByTestId('deploy-confirm');
  const expectedDeploy = `Deploy version ${fixed} to all members: plans activated from now on use it; ${pinnedElsewhere(fixed, beforeDeploy.versions)}.`;
  if (((await confirm.textContent()) ?? '').trim() !== expectedDeploy) {
    throw new Error(`the deploy confirmation reads ${JSON.stringify(await confirm.textContent())}, expected ${JSON.stringify(expectedDeploy)}`);
  }
  if ((await page.getByTestId('override-needed').count()) !== 0) throw new Error('a green version asks for an override');
  await shot('r4-deploy-confirm');
  await page.getByTestId('deploy-yes').click();
  await page.getByTestId('deploy-outcome').filter({ hasText: `Version ${fixed} is deployed` }).waitFor({ timeout: liveMs });
  await page.getByTestId('deployed-now').filter({ hasText: `version ${fixed}` }).waitFor();
  if ((await rules('GET', '/versions')).deployed !== fixed) throw new Error(`the API does not have version ${fixed} deployed`);
  await auditShown(page, await rules('GET', '/audit'), 'rules.deploy');
  log(`rules: version ${fixed} deployed ("${expectedDeploy}")`);
  await shot('r5-deployed');

  // alice's new plan runs the renamed rule: its page names it, as the API's history does
  const newPlan = await planThroughEntry(page, api, apiCall, aliceToken, liveMs);
  await planShowsRule(page, api, apiCall, aliceToken, newPlan, fixed, NEW_RULE, OLD_RULE, liveMs);
  log(`rules: alice's plan ${newPlan}, activated after the deploy, is on version ${fixed} and its entry names "${NEW_RULE}"`);
  await shot('r6-plan-runs-new-rule');

  // roll back (sam): the confirmation counts alice's plan staying on the new version
  await switchUser(page, 'sam');
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByTestId('deployed-now').filter({ hasText: `version ${fixed}` }).waitFor();
  const beforeRollback = await rules('GET', '/versions');
  if (!beforeRollback.versions.find((v) => v.number === fixed).pinnedBy.includes(newPlan)) {
    throw new Error(`the API does not list alice's plan ${newPlan} as pinned to version ${fixed}`);
  }
  await versionsShown(page, beforeRollback);
  await page.getByLabel('Roll back to', { exact: true }).selectOption(String(before));
  await page.getByTestId('rollback').click();
  const expectedRollback =
    `Roll back from version ${fixed} to version ${before} on all members: plans activated from now on use version ${before}; ` +
    `${pinnedElsewhere(before, beforeRollback.versions)}.`;
  if (((await confirm.textContent()) ?? '').trim() !== expectedRollback) {
    throw new Error(`the rollback confirmation reads ${JSON.stringify(await confirm.textContent())}, expected ${JSON.stringify(expectedRollback)}`);
  }
  await shot('r7-rollback-confirm');
  await page.getByTestId('deploy-yes').click();
  await page.getByTestId('deploy-outcome').filter({ hasText: `Version ${before} is deployed` }).waitFor({ timeout: liveMs });
  if ((await rules('GET', '/versions')).deployed !== before) throw new Error(`the API does not have version ${before} deployed after the rollback`);
  await auditShown(page, await rules('GET', '/audit'), 'rules.rollback');
  await shot('r8-rolled-back');

  // a plan activated after the rollback runs the old rule again; the first stays on its version
  const afterRollback = await planThroughEntry(page, api, apiCall, aliceToken, liveMs);
  await planShowsRule(page, api, apiCall, aliceToken, afterRollback, before, OLD_RULE, NEW_RULE, liveMs);
  const firstAgain = await apiCall(api, 'GET', `/api/plans/${newPlan}`, aliceToken, null);
  if (firstAgain.plan.ruleSetVersion !== fixed) throw new Error(`plan ${newPlan} moved to version ${firstAgain.plan.ruleSetVersion}`);
  log(`rules: after the rollback, plan ${afterRollback} runs "${OLD_RULE}" on version ${before}; plan ${newPlan} stays on ${fixed}`);
  await shot('r9-plan-runs-old-rule');
  for (const id of [newPlan, afterRollback]) {
    await apiCall(api, 'POST', `/api/plans/${id}/flatten`, aliceToken, null).catch(() => {});
  }
}

/** The open plans on every version but `target`, as the page words them (lib/rules.ts). */
function pinnedElsewhere(target, versions) {
  const plans = (n) => `${n} open plan${n === 1 ? '' : 's'}`;
  const parts = versions
    .filter((v) => v.number !== target && v.pinnedBy.length > 0)
    .sort((a, b) => b.number - a.number)
    .map((v, i) => (i === 0 ? `${plans(v.pinnedBy.length)} ${v.pinnedBy.length === 1 ? 'stays' : 'stay'} on version ${v.number}` : `${plans(v.pinnedBy.length)} on version ${v.number}`));
  if (parts.length === 0) return 'no open plan is on another version';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

export async function switchUser(page, user) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(`${user}-demo-password`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** Every version row shows the API's number, deployed marker and count of pinned plans. */
async function versionsShown(page, listed) {
  const rows = page.locator('[data-testid="rule-versions"] tbody tr');
  const deadline = Date.now() + 15_000;
  let seen = '';
  while (Date.now() < deadline) {
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [
        Number(tr.getAttribute('data-version')),
        tr.querySelector('[data-testid="deployed"]')?.textContent?.trim() === 'Deployed',
        Number(tr.querySelector('[data-testid="pinned-count"]')?.textContent),
      ]),
    );
    const expected = listed.versions.map((v) => [v.number, v.deployed, v.pinnedBy.length]);
    seen = JSON.stringify(shown);
    if (seen === JSON.stringify(expected)) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`the versions table shows ${seen}, the API lists ${JSON.stringify(listed.versions.map((v) => [v.number, v.deployed, v.pinnedBy.length]))}`);
}

/** The newest audit row is the API's newest entry, with the expected action. */
async function auditShown(page, entries, action) {
  if (entries[0]?.action !== action) throw new Error(`the API's newest audit entry is ${JSON.stringify(entries[0])}, not ${action}`);
  await page.locator('[data-testid="rule-audit"] tbody tr').first().locator('[data-testid="audit-action"]').filter({ hasText: action }).waitFor();
}

/** The DRL keyword `rule` is coloured by the highlighter (its styles applied under the CSP). */
async function highlighted(page) {
  await page.locator('.cm-content .cm-line').first().waitFor();
  const colours = await page.evaluate(() => {
    const span = [...document.querySelectorAll('.cm-content .cm-line span')].find((s) => s.textContent === 'rule');
    const line = document.querySelector('.cm-content .cm-line');
    return span && line ? [getComputedStyle(span).color, getComputedStyle(line).color] : null;
  });
  if (colours === null) throw new Error('the editor shows no highlighted "rule" keyword');
  if (colours[0] === colours[1]) throw new Error(`the keyword "rule" has the plain text's colour ${colours[0]}: no highlighting styles`);
}

/** Replaces the editor's whole text as a person would: select all, then type over it. */
async function replaceEditorText(page, text) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await page.waitForFunction((expected) => {
    const lines = [...document.querySelectorAll('.cm-content .cm-line')].map((l) => l.textContent);
    return lines.length === expected.split('\n').length;
  }, text);
}

/** The 1-based lines the editor underlines as errors, and how many error markers its gutter has. */
async function markedLines(page) {
  await page.locator('.cm-lintRange-error').first().waitFor();
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('.cm-content .cm-line')];
    const underlined = [...document.querySelectorAll('.cm-lintRange-error')].map((r) => lines.indexOf(r.closest('.cm-line')) + 1);
    return { underlined, gutterMarkers: document.querySelectorAll('.cm-gutter-lint .cm-lint-marker-error').length };
  });
}

/** Alice activates a plan that enters at once (AAPL above 1.00) and waits for its entry order. */
async function planThroughEntry(page, api, apiCall, token, liveMs) {
  const plan = await apiCall(api, 'POST', '/api/plans', token, {
    symbol: 'AAPL', side: 'LONG', quantity: 1, entry: { condition: 'ABOVE', price: '1.00' }, stops: [{ price: '0.50' }],
  });
  await apiCall(api, 'POST', `/api/plans/${plan.id}/activate`, token, null);
  const deadline = Date.now() + liveMs;
  while (Date.now() < deadline) {
    const d = await apiCall(api, 'GET', `/api/plans/${plan.id}`, token, null);
    if (d.history.some((e) => e.rule)) return plan.id;
    await page.waitForTimeout(250);
  }
  throw new Error(`plan ${plan.id} fired no rule within ${liveMs} ms`);
}

/** Alice's plan page shows the version the API pins it to, and the entry's rule in its history. */
async function planShowsRule(page, api, apiCall, token, id, version, rule, notRule, liveMs) {
  await switchUser(page, 'alice');
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/plan/${encodeURIComponent(id)}`);
  await page.getByRole('heading', { name: 'History' }).waitFor({ timeout: liveMs });
  const d = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
  if (d.plan.ruleSetVersion !== version) throw new Error(`the API pins plan ${id} to ${d.plan.ruleSetVersion}, not ${version}`);
  const rulesFired = d.history.map((e) => e.rule).filter(Boolean);
  if (!rulesFired.includes(rule) || rulesFired.includes(notRule)) {
    throw new Error(`plan ${id}'s history names the rules ${JSON.stringify(rulesFired)}: expected "${rule}", not "${notRule}"`);
  }
  await page.getByTestId('rule-set-version').filter({ hasText: new RegExp(`^version ${version}$`) }).waitFor();
  await page.locator('table.history').filter({ hasText: rule }).waitFor({ timeout: liveMs });
  if (((await page.locator('table.history').textContent()) ?? '').includes(notRule)) {
    throw new Error(`plan ${id}'s page names "${notRule}"`);
  }
}
