// A canary through the Rules page (issue 15, point 4: "a version may be deployed to chosen users
// first"), called from browser-test.mjs's main: sam deploys a new version as a canary to bob only
// (never tested, so the page asks for an override reason, which the audit keeps); bob's plan
// activated then is pinned to the canary's version, alice's to the deployed one, and each plan's
// page says so as the API does; sam then aborts the canary and bob's next plan takes the deployed
// version again. Every check compares what the page shows with what the API answers.
import { switchUser } from './rules-steps.mjs';

const CANARY_USER = 'bob';
const OTHER_USER = 'alice';

/**
 * @param {object} t
 * @param {import('playwright-core').Page} t.page
 * @param {string} t.api the API's base URL
 * @param {(base: string, method: string, path: string, token: string | null, body: unknown) => Promise<any>} t.apiCall
 * @param {(name: string) => Promise<void>} t.shot
 * @param {(...a: unknown[]) => void} t.log
 * @param {number} t.liveMs
 */
export async function canarySteps({ page, api, apiCall, shot, log, liveMs }) {
  const login = async (u) => (await apiCall(api, 'POST', '/api/auth/login', null, { username: u, password: `${u}-demo-password` })).token;
  const samToken = await login('sam');
  const tokens = { [CANARY_USER]: await login(CANARY_USER), [OTHER_USER]: await login(OTHER_USER) };
  const rules = (method, path, body = null) => apiCall(api, method, `/api/rules${path}`, samToken, body);

  // a new version: the deployed rules with a comment on top of one file (changes no outcome)
  const before = await rules('GET', '/versions');
  const deployed = before.deployed;
  if (before.canary) throw new Error(`a canary already runs: ${JSON.stringify(before.canary)}`);
  const files = { ...(await rules('GET', `/versions/${deployed}`)).files };
  const path = Object.keys(files).sort()[0];
  files[path] = `// canary of the browser test\n${files[path]}`;
  const draft = await rules('POST', '/versions', { files, message: 'canary (browser test)', parent: deployed });
  const canary = draft.number;

  await switchUser(page, 'sam');
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByRole('heading', { name: 'Rules', exact: true }).waitFor();
  // the page opens the deployed version in the editor once it loaded; only then pick another
  await page.locator(`[data-testid="rule-versions"] tr[data-version="${deployed}"]`).getByRole('button', { name: 'In the editor' }).waitFor({ timeout: liveMs });
  await page.locator(`[data-testid="rule-versions"] tr[data-version="${canary}"]`).getByRole('button', { name: `Edit from version ${canary}` }).click();
  await page.locator(`[data-testid="rule-versions"] tr[data-version="${canary}"]`).getByRole('button', { name: 'In the editor' }).waitFor({ timeout: liveMs });
  const attachedShown = ((await page.locator(`[data-testid="rule-versions"] tr[data-version="${canary}"] [data-testid="attached"]`).textContent()) ?? '').trim();
  if (attachedShown !== 'none' || (draft.attached?.scenarios ?? []).length !== 0) {
    throw new Error(`version ${canary} shows attachments ${JSON.stringify(attachedShown)}; the API has ${JSON.stringify(draft.attached)}`);
  }
  await page.getByLabel('Canary users', { exact: true }).fill(CANARY_USER);
  await page.getByTestId('canary-start').filter({ hasText: `Deploy version ${canary} as a canary` }).click();
  const confirm = page.getByTestId('canary-confirm');
  const expected = `Deploy version ${canary} as a canary to ${CANARY_USER}: their plans activated from now on use it, everyone else's use the deployed version ${deployed}; open plans stay on their versions.`;
  const shown = ((await confirm.textContent()) ?? '').trim();
  if (shown !== expected) throw new Error(`the canary confirmation reads ${JSON.stringify(shown)}, expected ${JSON.stringify(expected)}`);
  // never tested: the page asks for the override reason the server requires
  await page.locator('#canary-override').fill('canary of the browser test: bob only');
  await shot('c1-canary-confirm');
  await page.getByTestId('canary-yes').click();
  await page.getByTestId('canary-outcome').filter({ hasText: `Version ${canary} is the canary for ${CANARY_USER}` }).waitFor({ timeout: liveMs });
  const running = (await rules('GET', '/versions')).canary;
  if (!running || running.version !== canary || JSON.stringify(running.users) !== JSON.stringify([CANARY_USER])) {
    throw new Error(`the API's canary is ${JSON.stringify(running)}, not version ${canary} for ${CANARY_USER}`);
  }
  const now = ((await page.getByTestId('canary-now').textContent()) ?? '').trim();
  if (!now.startsWith(`Version ${running.version} runs as a canary for ${running.users.join(', ')} (by ${running.actor}`)) {
    throw new Error(`the page says ${JSON.stringify(now)}; the API's canary is ${JSON.stringify(running)}`);
  }
  const audit = await rules('GET', '/audit');
  if (audit[0]?.action !== 'rules.canary' || audit[0]?.details?.override !== 'canary of the browser test: bob only') {
    throw new Error(`the newest audit entry is ${JSON.stringify(audit[0])}, not the canary with its override`);
  }
  log(`canary: version ${canary} runs for ${CANARY_USER} (deployed ${deployed}), override audited`);
  await shot('c2-canary-running');

  // each trader's new plan: bob's on the canary's version, alice's on the deployed one
  const bobPlan = await activatedPlan(api, apiCall, tokens[CANARY_USER]);
  const alicePlan = await activatedPlan(api, apiCall, tokens[OTHER_USER]);
  await planPageShowsVersion(page, api, apiCall, CANARY_USER, tokens[CANARY_USER], bobPlan, canary, liveMs);
  await shot('c3-canary-users-plan');
  await planPageShowsVersion(page, api, apiCall, OTHER_USER, tokens[OTHER_USER], alicePlan, deployed, liveMs);
  log(`canary: ${CANARY_USER}'s plan ${bobPlan} is on version ${canary}, ${OTHER_USER}'s plan ${alicePlan} on version ${deployed}, on their pages as in the API`);

  // abort: bob's next plan takes the deployed version; his first stays on the canary's
  await switchUser(page, 'sam');
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByTestId('canary-abort').click();
  await page.getByTestId('canary-yes').click();
  await page.getByTestId('canary-outcome').filter({ hasText: `The canary of version ${canary} is aborted.` }).waitFor({ timeout: liveMs });
  if ((await rules('GET', '/versions')).canary) throw new Error('the API still has a canary after the abort');
  const bobAfter = await activatedPlan(api, apiCall, tokens[CANARY_USER]);
  await planPageShowsVersion(page, api, apiCall, CANARY_USER, tokens[CANARY_USER], bobAfter, deployed, liveMs);
  const first = await apiCall(api, 'GET', `/api/plans/${bobPlan}`, tokens[CANARY_USER], null);
  if (first.plan.ruleSetVersion !== canary) throw new Error(`plan ${bobPlan} moved to version ${first.plan.ruleSetVersion} after the abort`);
  log(`canary: aborted; ${CANARY_USER}'s next plan ${bobAfter} is on version ${deployed}, plan ${bobPlan} stays on ${canary}`);
  await shot('c4-canary-aborted');
  for (const [user, id] of [[CANARY_USER, bobPlan], [OTHER_USER, alicePlan], [CANARY_USER, bobAfter]]) {
    await apiCall(api, 'POST', `/api/plans/${id}/cancel`, tokens[user], null).catch(() => {});
  }
  // leave the page as the rules steps left it, logged in as alice: the steps after these are hers
  await switchUser(page, OTHER_USER);
}

/** A plan activated now whose entry never triggers (AAPL above 99,999.00): pinned, nothing sent. */
async function activatedPlan(api, apiCall, token) {
  const plan = await apiCall(api, 'POST', '/api/plans', token, {
    symbol: 'AAPL', side: 'LONG', quantity: 1, entry: { condition: 'ABOVE', price: '99999.00' }, stops: [{ price: '1.00' }],
  });
  await apiCall(api, 'POST', `/api/plans/${plan.id}/activate`, token, null);
  return plan.id;
}

/** The plan's page, as its owner, names the rule-set version the API pins it to, and it is `version`. */
async function planPageShowsVersion(page, api, apiCall, user, token, id, version, liveMs) {
  const d = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
  if (d.plan.ruleSetVersion !== version) throw new Error(`the API pins ${user}'s plan ${id} to ${d.plan.ruleSetVersion}, not ${version}`);
  await switchUser(page, user);
  await page.evaluate((hash) => {
    window.location.hash = hash;
  }, `#/plan/${encodeURIComponent(id)}`);
  await page.getByTestId('rule-set-version').filter({ hasText: new RegExp(`^version ${d.plan.ruleSetVersion}$`) }).waitFor({ timeout: liveMs });
}
