#!/usr/bin/env node
/**
 * The UI's real-browser test (docs/ui.md). Run by `./tradeplan test` (module src/browser-test,
 * integration-test phase, after src/server: TRADEPLAN_SERVER_LIB is the server it packaged) or
 * alone: `npm run test:browser` in admin-ui/.
 *
 *  1. Chromium: Debian's /usr/bin/chromium, installed with apt-get when missing and we are root
 *     (about a minute on a fresh machine). `npx playwright install` cannot work here.
 *  2. Server: a real Tradeplan server process on free ports with a temporary data dir and the demo
 *     users (TRADEPLAN_DEMO=1), started from src/server/target/lib; when that classpath is missing
 *     or older than the sources it is built first (Maven, tests skipped, UI not rebuilt).
 *     TRADEPLAN_UI_TEST_URL=http://host:port points the test at a running server instead.
 *     When the server does not serve this UI at "/" (the server jar without tradeplan-admin-ui),
 *     admin-ui/dist is served by a small static server here that forwards /api and /ws to it.
 *  3. The trader's path: log in as alice; create a plan with field errors (each message must sit
 *     next to its field), accept the tick-size suggestion and fix the stop, save the draft,
 *     activate it, and watch its status change over the WebSocket without reloading the page;
 *     open the detail page and find the history with the rule of each event; change the exits of
 *     the live trade (move the stop, close part, add a target after a refused price, add a trailing
 *     stop, stop to break-even on a second trade) and check the levels and history shown; a plan on a symbol
 *     without ticks says so in the list and on its page; ended plans come a page at a time.
 *
 * Screenshots go to admin-ui/test-results/: those docs/ uses (DOC_SHOTS), every step's with
 * TRADEPLAN_UI_TEST_SHOTS=all, and failure.png. Each log line says the seconds since the start.
 * Skips (exit 0, with a message saying why) only when Chromium cannot be had or the server cannot
 * be started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect as netConnect, createServer as netCreateServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const UI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = resolve(UI_DIR, '..');
const DIST = join(UI_DIR, 'dist');
const RESULTS = join(UI_DIR, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// TRADEPLAN_SERVER_LIB: run a copy of the classpath (while others rebuild the tree), used as is
const SERVER_LIB = process.env.TRADEPLAN_SERVER_LIB ?? join(ROOT, 'src/server/target/lib');
const SERVER_JAR = join(SERVER_LIB, 'tradeplan-server.jar');
const USER = process.env.TRADEPLAN_UI_TEST_USER ?? 'alice';
const PASSWORD = process.env.TRADEPLAN_UI_TEST_PASSWORD ?? 'alice-demo-password';
const SERVER_START_MS = 180_000;
// The screenshots docs/ use (docs/ui.md names each); TRADEPLAN_UI_TEST_SHOTS=all takes every step's.
// A full-page screenshot costs about a second on the loaded CI machine, and the run takes ~45.
const DOC_SHOTS = new Set([
  '10b-account-after-fill',
  '18-plan-chart',
  '19-account-pnl-curve',
  '20-phone-plan-chart',
  '21-phone-pnl-curve',
  'r2-compile-error',
  'r7-rollback-confirm',
  'analyst-02-report',
  'replay-02-draft',
]);
const shotWanted = (name) => process.env.TRADEPLAN_UI_TEST_SHOTS === 'all' || DOC_SHOTS.has(name);
const STEP_MS = 15_000;
const LIVE_MS = 60_000;

const cleanups = [];
/** Takes test-results/failure.png once a page exists. */
let failureShot = async () => {};
// what the page reported before a failure (page errors, console errors): printed with the failure
let pageProblems = [];
// each line says the seconds since the test started, so a slow step shows in the log
const T0 = Date.now();
const log = (...a) => console.log(`[browser-test +${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);

function skip(why) {
  console.log(`[browser-test] SKIPPED: ${why}`);
  process.exit(0);
}

async function main() {
  const started = Date.now();
  ensureChromium();
  if (!existsSync(join(DIST, 'index.html'))) {
    throw new Error('admin-ui/dist is missing: run `npm run build` first');
  }
  mkdirSync(RESULTS, { recursive: true });
  for (const f of readdirSync(RESULTS)) {
    if (f.endsWith('.png')) rmSync(join(RESULTS, f));
  }

  // the server starts (the longest wait of the test) while Chromium starts
  const apiStarted = process.env.TRADEPLAN_UI_TEST_URL ? Promise.resolve(process.env.TRADEPLAN_UI_TEST_URL) : startServer();
  apiStarted.catch(() => {}); // awaited below; a failure is reported there
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tradeplan-chromium-'));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  cleanups.push(() => context.close());
  log('chromium started');
  const api = await apiStarted;
  const base = (await servesThisUi(api)) ? api : await serveDist(api);
  log(`API ${api}; UI ${base}${base === api ? ' (served by the server)' : ' (admin-ui/dist served by this test, /api and /ws forwarded)'}`);
  const page = context.pages()[0] ?? (await context.newPage());
  failureShot = () => page.screenshot({ path: join(RESULTS, 'failure.png'), fullPage: true });
  page.setDefaultTimeout(STEP_MS);
  const problems = [];
  pageProblems = problems;
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|WebSocket connection to .* failed/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  // The WebSocket runs through Playwright's router: every STOMP frame is seen both ways (to check
  // that live updates arrive and how a resubscription resumes), and the test can drop the
  // connection as a network failure would.
  const liveFrames = [];
  const sentFrames = [];
  const sockets = [];
  await context.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => {
      if (typeof m === 'string') sentFrames.push(m);
      server.send(m);
    });
    server.onMessage((m) => {
      if (typeof m === 'string' && m.startsWith('MESSAGE')) liveFrames.push(m);
      ws.send(m);
    });
    ws.onClose(() => server.close());
    server.onClose(() => ws.close());
    sockets.push({ ws, server });
  });
  const shot = async (name) => {
    if (!shotWanted(name)) return;
    await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
    log(`screenshot test-results/${name}.png`);
  };

  // 1. log in
  await page.goto(base + '/');
  await page.getByLabel('User name').fill(USER);
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong user name or password' }).waitFor();
  await shot('01-login-refused');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_MS });
  log('logged in; live feed connected');

  // Prices that trigger whatever the market does: enter LONG when the last price is at or above
  // 1.00 (the first tick), a stop far below and a target far above that never trade.
  const stop = '0.50';
  const target = '5000.00';

  // 2. a plan with errors: quantity 0, an entry and a target off the tick grid, a negative stop
  await page.getByRole('link', { name: 'New plan' }).first().click();
  await page.getByRole('heading', { name: 'New plan' }).waitFor();
  await page.getByLabel('Symbol').fill('AAPL');
  await page.getByLabel('Quantity', { exact: true }).fill('0'); // must be > 0
  await page.getByLabel('Entry price').fill('1.005'); // off the 0.01 tick grid
  await page.getByLabel('Stop 1 price').fill('-1'); // must be > 0
  await page.getByRole('button', { name: 'Add target' }).click();
  await page.getByLabel('Target 1 price').fill('5000.001'); // off the tick grid
  await page.getByRole('button', { name: 'Save draft' }).click();
  const entryError = page.locator('#f-entry-price ~ .field-error[data-field="entry.price"]');
  await entryError.waitFor();
  await expectText(entryError, /tick size/, 'entry.price error next to the entry price');
  const stopError = page.locator('#f-stops-0-price ~ .field-error[data-field="stops[0].price"]');
  await expectText(stopError, /greater than 0/, 'stops[0].price error next to the stop price');
  const qtyError = page.locator('#f-quantity ~ .field-error[data-field="quantity"]');
  await expectText(qtyError, /integer > 0/, 'quantity error next to the quantity');
  const targetError = page.locator('#f-targets-0-price ~ .field-error[data-field="targets[0].price"]');
  await expectText(targetError, /tick size/, 'targets[0].price error next to the target price');
  await expectText(page.locator('.error-summary'), /fields? (is|are) invalid/, 'the error summary');
  await expectNoText(page.locator('main'), /Exception|\tat |java\./, 'no stack trace on the page');
  if ((await page.getByLabel('Entry price').getAttribute('aria-invalid')) !== 'true') {
    throw new Error('entry price input is not marked aria-invalid');
  }
  await shot('02-field-errors');

  // 3. fix: accept the tick suggestion explicitly (never applied by itself), correct the others
  const suggestion = page.locator('#f-entry-price-tick button');
  await expectText(suggestion, /^Use \d+\.\d\d$/, 'the tick-size suggestion');
  if ((await page.getByLabel('Entry price').inputValue()) !== '1.005') {
    throw new Error('the entry price changed before the trader accepted a suggestion');
  }
  await suggestion.click();
  const accepted = await page.getByLabel('Entry price').inputValue();
  log(`accepted tick suggestion: 1.005 -> ${accepted}`);
  if (accepted !== '1.01') throw new Error(`tick suggestion for 1.005 should be 1.01, was ${accepted}`);
  // the optional helper: off the grid gets an offer, and the value stays as typed until accepted
  await page.getByLabel('Suggest prices aligned to the tick size').check();
  await page.getByLabel('Trailing distance (optional)').fill('0.505');
  await expectText(page.locator('#f-trailingStop-distance-tick button'), /^Use 0\.51$/, 'the helper offer for 0.505');
  if ((await page.getByLabel('Trailing distance (optional)').inputValue()) !== '0.505') {
    throw new Error('the helper changed a price by itself');
  }
  await page.getByLabel('Trailing distance (optional)').fill('');
  await page.getByLabel('Quantity', { exact: true }).fill('10');
  await page.getByLabel('Stop 1 price').fill(stop);
  await page.getByLabel('Target 1 price').fill(target);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  const row = page.locator('tr[data-plan-id]').filter({ has: page.locator('[data-testid="order-status"]', { hasText: 'Draft' }) }).first();
  await row.waitFor();
  const planId = await row.getAttribute('data-plan-id');
  log(`draft saved: ${planId}`);
  await shot('03-draft-saved');

  // 4. activate and watch the status move live (no reload: the list is fed by the WebSocket)
  const myRow = page.locator(`tr[data-plan-id="${planId}"]`);
  await myRow.getByRole('button', { name: 'Activate' }).click();
  const status = myRow.locator('[data-testid="order-status"]');
  await expectText(status, /Active|Entry sent|In trade|Exit sent|Closed/, 'status after activate');
  log(`after activate: ${await status.textContent()}`);
  await shot('04-activated');
  await status.filter({ hasText: /Entry sent|In trade|Exit sent|Closed/ }).waitFor({ timeout: LIVE_MS });
  await myRow.locator('[data-testid="trade-status"]').filter({ hasText: /Live|Closed/ }).waitFor({ timeout: LIVE_MS });
  log(`live status change seen without reload: ${await status.textContent()} / ${await myRow.locator('[data-testid="trade-status"]').textContent()}`);
  const planFrames = liveFrames.filter((f) => f.includes(`"planId":"${planId}"`) && f.includes('"type":"update"'));
  if (planFrames.length === 0) throw new Error('no live update for the plan arrived on the WebSocket');
  log(`${planFrames.length} live updates for the plan arrived on the WebSocket`);
  await shot('05-live-status');

  // 5. detail: history with the rule of each event, chart
  await myRow.getByRole('link', { name: 'AAPL' }).click();
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await page.locator('table.history tbody tr.ev-FILL').first().waitFor({ timeout: LIVE_MS });
  const rules = await page.locator('table.history tbody td:nth-child(4) code').allTextContents();
  if (rules.length === 0) {
    throw new Error('no history event names its rule');
  }
  log(`history rules: ${[...new Set(rules)].join(', ')}`);
  await page.locator('.chart-area canvas').first().waitFor();
  if (shotWanted('06-plan-detail')) await page.waitForTimeout(2500); // two price samples for the chart line in the picture
  await shot('06-plan-detail');

  // 6. the connection drops and comes back: the UI resubscribes with the last sequence it applied
  const subscribesBefore = sentFrames.filter((f) => f.startsWith('SUBSCRIBE')).length;
  for (const { ws, server } of sockets.splice(0)) {
    await ws.close({ code: 4000, reason: 'test: connection dropped' });
    await server.close();
  }
  await page.locator('[data-testid="live-state"]', { hasText: 'Reconnecting' }).waitFor({ timeout: LIVE_MS });
  await shot('07-reconnecting');
  await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_MS });
  const resume = sentFrames.filter((f) => f.startsWith('SUBSCRIBE')).slice(subscribesBefore);
  const resumedAfter = resume.map((f) => /last-sequence:(\d+)/.exec(f)?.[1]).find(Boolean);
  if (!resumedAfter) throw new Error(`the resubscription did not name last-sequence: ${JSON.stringify(resume)}`);
  log(`reconnected; resubscribed with last-sequence ${resumedAfter}`);

  // 6b. change the exits of the live trade (issue 18): move the stop, then close part of it now. Each
  // asks for a confirmation that says exactly what will happen; the page then shows the new level,
  // the smaller position, and the change in the history in the trader's name
  const exits = page.locator('[data-testid="exit-controls"]');
  await exits.waitFor({ timeout: LIVE_MS });
  const facts = page.locator('dl.facts');
  const factOf = (name) => facts.locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) }).locator('dd');
  const movedStop = '0.60';
  await page.getByTestId('stop-price-0').fill(movedStop);
  await page.getByTestId('move-stop-0').click();
  const confirmText = page.getByTestId('exit-confirm-text');
  await expectText(
    confirmText,
    new RegExp(`^Move stop 1 from ${stop} to ${movedStop}\\? Nothing is sent to the broker now: the stop sells \\d+ AAPL at market if the price falls to ${movedStop}\\.$`),
    'the move-stop confirmation',
  );
  await shot('07a-move-stop-confirm');
  await page.getByTestId('exit-confirm-yes').click();
  await expectText(factOf('Stops'), new RegExp(`^${movedStop}$`), 'the moved stop on the page');
  await expectText(factOf('Active stop'), new RegExp(`^${movedStop}$`), 'the active stop after the move');
  await expectText(page.locator('table.history'), new RegExp(`${USER}: move stop 1 to ${movedStop}`), 'the move in the history, in the trader\'s name');
  log(`moved the stop of the live trade to ${movedStop}`);

  const held = Number(/\d+/.exec((await factOf('Position').textContent()) ?? '')?.[0] ?? 'NaN');
  if (!(held >= 2)) throw new Error(`the live trade holds ${held} shares, too few to close part of it`);
  const part = Math.floor(held / 2);
  await page.getByTestId('close-quantity').fill(String(part));
  await page.getByTestId('close-part').click();
  await expectText(
    confirmText,
    new RegExp(`^Sell ${part} AAPL now at market to reduce the long \\(${held} → ${held - part} long\\)\\?$`),
    'the partial-close confirmation says the order',
  );
  await shot('07b-partial-close-confirm');
  await page.getByTestId('exit-confirm-yes').click();
  await expectText(factOf('Position'), new RegExp(`^\\+${held - part} `), 'the position after the partial close');
  await expectText(page.locator('table.history'), new RegExp(`close filled: sell ${part} @`), 'the close order filled, in the history');
  log(`closed ${part} of ${held} now; the page shows +${held - part}`);
  await shot('07c-partial-closed');

  // 6b'. add a target and a trailing stop to the live trade: a price off the grid is refused next to
  // its control (the server's 400 names the field); then the page's levels show the new target, the
  // trailing distance, and the active stop that the trailing stop raised, and the history both changes
  const left = held - part;
  const addTarget = async (price) => {
    await page.getByTestId('add-target-price').fill(price);
    await page.getByTestId('add-target-quantity').fill('2');
    await page.getByTestId('add-target').click();
    await expectText(
      confirmText,
      new RegExp(`^Add target 2 at ${price.replace('.', '\\.')} for 2 AAPL\\? Nothing is sent to the broker now: the target sells 2 AAPL at market when the price rises to ${price.replace('.', '\\.')}\\.$`),
      'the add-target confirmation',
    );
    await page.getByTestId('exit-confirm-yes').click();
  };
  await addTarget('6000.005');
  await expectText(page.locator('#exit-error-add-target'), /Price: must be a multiple of the tick size 0\.01/, 'the refused price next to the add-target control');
  if ((await page.getByTestId('add-target-price').getAttribute('aria-invalid')) !== 'true') {
    throw new Error('the refused add-target price is not marked aria-invalid');
  }
  await shot('07e-add-target-refused');
  await addTarget('6000.00');
  await page.locator('#exit-error-add-target').waitFor({ state: 'detached' });
  await factOf('Targets').locator('.level', { hasText: '6,000.00 × 2' }).waitFor({ timeout: LIVE_MS });
  const targetsShown = await factOf('Targets').locator('.level').allTextContents();
  if (JSON.stringify(targetsShown) !== JSON.stringify(['5,000.00', '6,000.00 × 2'])) {
    throw new Error(`the plan's targets after adding one: ${JSON.stringify(targetsShown)}`);
  }
  await expectText(page.locator('table.history'), new RegExp(`${USER}: add a target at 6000\\.00 for 2`), 'the added target in the history');
  log('added target 2 at 6000.00 for 2 (after a refused off-grid price)');

  // a trailing distance of 100.00 trails far below the demo price (~190) and far above the stop: it
  // never sells here, but from the next tick it is the tightest stop, so the active stop rises to it
  const distance = '100.00';
  await page.getByTestId('trailing-distance').fill(distance);
  await page.getByTestId('set-trailing').click();
  await expectText(
    confirmText,
    new RegExp(`^Add a trailing stop 100\\.00 behind the price\\? Nothing is sent to the broker now: the trailing stop follows the highest price 100\\.00 below it and sells ${left} AAPL at market if the price falls back to it\\.$`),
    'the trailing-stop confirmation',
  );
  await shot('07f-trailing-confirm');
  await page.getByTestId('exit-confirm-yes').click();
  await expectText(factOf('Trailing distance'), /^100\.00$/, 'the trailing distance on the page');
  await expectText(page.locator('table.history'), new RegExp(`${USER}: set the trailing distance to 100\\.00`), 'the trailing distance in the history');
  await factOf('Active stop').filter({ hasText: /^\d{2,3}\.\d\d$/ }).waitFor({ timeout: LIVE_MS });
  const trailed = (await factOf('Active stop').textContent()) ?? '';
  const lastShown = /^[\d,]+(\.\d+)?/.exec((await factOf('Last price').textContent()) ?? '')?.[0]?.replace(/,/g, '') ?? '';
  // the best price is the highest the engine saw, within a few dollars of the last one here (the
  // demo walk moves at most 5 cents a second); the page's figures are text, compared as numbers
  // only in this test
  if (!(Number(trailed) > Number(movedStop) && Math.abs(Number(trailed) - (Number(lastShown) - Number(distance))) <= 10)) {
    throw new Error(`the active stop should trail ${distance} below the best price (last ${lastShown}): ${trailed}`);
  }
  log(`trailing distance ${distance}: the active stop rose from ${movedStop} to ${trailed} (last price ${lastShown})`);
  await shot('07g-trailing-set');

  // 6c. stop to break-even on a second live trade (SPY, made over the API): the confirmation names
  // the level, and the page then shows that level as the active stop
  {
    const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: USER, password: PASSWORD })).token;
    const spy = await apiCall(api, 'POST', '/api/plans', token, {
      symbol: 'SPY', side: 'LONG', quantity: 4, entry: { condition: 'ABOVE', price: '1.00' }, stops: [{ price: stop }],
    });
    await apiCall(api, 'POST', `/api/plans/${spy.id}/activate`, token, null);
    // a hash change, not a load: the session lives in the page's memory only
    await page.evaluate((h) => { window.location.hash = h; }, `#/plan/${spy.id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByTestId('break-even').waitFor({ timeout: LIVE_MS });
    await page.getByTestId('break-even').click();
    const beText = (await confirmText.textContent()) ?? '';
    const be = /to break-even (\d+\.\d\d) \(average entry (\d+(\.\d+)?)\)\?/.exec(beText);
    if (!be || !beText.includes(`the stop sells 4 SPY at market if the price falls to ${be[1]}.`)) {
      throw new Error(`the break-even confirmation does not say what will happen: ${beText}`);
    }
    await shot('07d-break-even-confirm');
    await page.getByTestId('exit-confirm-yes').click();
    await expectText(factOf('Active stop'), new RegExp(`^${be[1].replace('.', '\\.')}$`), 'the active stop at break-even');
    await expectText(page.locator('table.history'), new RegExp(`${USER}: move the active stop to break-even`), 'break-even in the history');
    log(`stop to break-even: ${be[1]} (average entry ${be[2]})`);
    // leave no live trade behind (the break-even stop may close it any time, and a plan that ends
    // while the ended list is shown joins it live): flatten it unless it closed already, and wait
    await flattenAndWaitClosed(api, token, spy.id, 'the SPY trade');
    await page.evaluate((h) => { window.location.hash = h; }, `#/plan/${planId}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
  }

  // 7. flatten from the detail page: a second click confirms; the trade closes live
  await page.getByRole('button', { name: 'Flatten' }).click();
  await page.getByRole('button', { name: 'Yes, flatten' }).click();
  await page.locator('[data-testid="detail-status"]', { hasText: 'Closed' }).waitFor({ timeout: LIVE_MS });
  await shot('08-flattened');
  await expectText(page.locator('table.history'), /flatten/i, 'the flatten in the history');
  log('flattened: the plan closed live and the history shows the flatten');

  // 8. a plan whose symbol gets no ticks (QQQ is not in the demo feed): the list row and the plan
  // page say so, live, without a reload
  await page.getByRole('link', { name: 'New plan' }).first().click();
  await page.getByLabel('Symbol').fill('QQQ');
  await page.getByLabel('Quantity', { exact: true }).fill('1');
  await page.getByLabel('Entry price').fill('1.00');
  await page.getByLabel('Stop 1 price').fill(stop);
  await page.getByRole('button', { name: 'Save draft' }).click();
  const quiet = page.locator('[data-testid="open-plans"] tr[data-plan-id]').filter({ hasText: 'QQQ' }).first();
  await quiet.waitFor();
  await quiet.getByRole('button', { name: 'Activate' }).click();
  await quiet.locator('[data-testid="ticks-stale"]', { hasText: 'No ticks' }).waitFor({ timeout: LIVE_MS });
  log('the QQQ plan shows "No ticks" in the list, pushed live');
  await shot('09-no-ticks-list');
  await quiet.getByRole('link', { name: 'QQQ' }).click();
  await expectText(page.locator('[data-testid="stale-alert"]'), /No market data for QQQ/, 'the plan page alert');
  await shot('10-no-ticks-detail');
  await page.getByRole('link', { name: '← All plans' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();

  // 9a. the account page: every figure shown is the API's (read here over HTTP), and a fill moves
  // them live, without a reload
  const accountToken = (await apiCall(api, 'POST', '/api/auth/login', null, { username: USER, password: PASSWORD })).token;
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await page.getByRole('heading', { name: 'Account' }).waitFor();
  const before = await accountShown(page, api, accountToken, 'the account page');
  log(`account page equals GET /api/account: money at risk ${before.moneyAtRisk}, realized today ${before.today.realizedPnl}`);
  await shot('10a-account');
  const entered = await apiCall(api, 'POST', '/api/plans', accountToken, {
    symbol: 'AAPL', side: 'LONG', quantity: 7, entry: { condition: 'ABOVE', price: '1.00' }, stops: [{ price: stop }],
  });
  await apiCall(api, 'POST', `/api/plans/${entered.id}/activate`, accountToken, null);
  const net = page.locator('[data-testid="account-positions"] tr[data-symbol="AAPL"] [data-testid="net"]');
  await net.filter({ hasText: '+7' }).waitFor({ timeout: LIVE_MS });
  await page.locator(`[data-testid="account-risk"] tr[data-plan-id="${entered.id}"]`).waitFor();
  const after = await accountShown(page, api, accountToken, 'the account page after a fill');
  if (after.moneyAtRisk === before.moneyAtRisk) throw new Error(`the money at risk did not move with the fill: ${after.moneyAtRisk}`);
  log(`after a fill of 7 AAPL the page followed live: money at risk ${before.moneyAtRisk} -> ${after.moneyAtRisk}`);
  await shot('10b-account-after-fill');
  // closed before the ended list is paged below: a trade that ends while that list is shown joins it live
  await flattenAndWaitClosed(api, accountToken, entered.id, 'the AAPL trade');
  await page.getByRole('link', { name: 'Plans', exact: true }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();

  // 9. ended plans come a page at a time: 26 more ended plans (drafts cancelled over the API), and
  // the list pages through them
  if (USER === 'alice') {
    const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: USER, password: PASSWORD })).token;
    for (let i = 0; i < 26; i++) {
      const created = await apiCall(api, 'POST', '/api/plans', token, {
        symbol: 'DIA', side: 'LONG', quantity: 1, entry: { condition: 'ABOVE', price: '1.00' }, stops: [{ price: stop }],
      });
      await apiCall(api, 'POST', `/api/plans/${created.id}/cancel`, token, null);
    }
    await page.reload();
    await page.getByLabel('User name').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    const endedRows = page.locator('[data-testid="ended-plans"] tbody tr');
    await endedRows.nth(24).waitFor();
    // 25 from the server, newest ended first: the 26 DIA plans just cancelled fill the first page,
    // in the API's own order (sort=-endedAt); a trade of an earlier step that ends while the page is
    // shown joins the list live (as it should), so a 26th row is not a paging error
    const firstPage = await endedRows.count();
    if (firstPage < 25) throw new Error(`the first page of ended plans has ${firstPage} rows, not 25`);
    const newest = await apiCall(api, 'GET', '/api/plans?status=INACTIVE,CANCELLED,REJECTED&sort=-endedAt&limit=25', token, null);
    const shownIds = (await endedRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-plan-id')))).slice(0, 25);
    if (JSON.stringify(shownIds) !== JSON.stringify(newest.map((p) => p.id)) || newest.some((p) => p.symbol !== 'DIA'))
      throw new Error(`the first ended page is not the API's newest ended first: ${shownIds.join(',')}`);
    if (!/^Ended\s*↓$/.test((await page.locator('[data-testid="ended-plans"] th[aria-sort="descending"]').textContent())?.trim() ?? ''))
      throw new Error('the Ended header does not say it sorts newest first');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('button', { name: 'Previous page' }).and(page.locator(':enabled')).waitFor();
    const second = await endedRows.count();
    if (second < 2 || second > 25) throw new Error(`the second page of ended plans has ${second} rows`);
    log(`ended plans paged: 25, then ${second}`);
    await shot('11-ended-page-2');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('button', { name: 'Previous page' }).and(page.locator(':disabled')).waitFor();
    if ((await endedRows.count()) < 25) throw new Error('back on the first page of ended plans, not 25 rows');
  }

  await (await import('./trader-speed-steps.mjs')).traderSpeedSteps({ page, api, apiCall, expectText, shot, log, user: USER, password: PASSWORD, liveMs: LIVE_MS });
  await (await import('./charts-steps.mjs')).chartsSteps({ page, api, apiCall, shot, log, user: USER, password: PASSWORD, liveMs: LIVE_MS });
  await (await import('./phone-charts-steps.mjs')).phoneChartsSteps({ page, api, apiCall, shot, log, user: USER, password: PASSWORD, liveMs: LIVE_MS });
  // 10. the server restarts (same store, same port): its live counter starts again at 1 and it
  // cannot replay. The UI must reconnect and follow the new count: a second plan, activated after
  // the restart, must still move on live.
  if (ownServer !== null) {
    const lastBefore = Math.max(...liveFrames.map((f) => Number(/"sequence":(\d+)/.exec(f)?.[1] ?? 0)));
    await ownServer.restart();
    await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor({ timeout: LIVE_MS });
    log(`server restarted; the UI is live again (last sequence before: ${lastBefore})`);
    await page.getByRole('link', { name: 'New plan' }).first().click();
    await page.getByLabel('Symbol').fill('MSFT');
    await page.getByLabel('Quantity', { exact: true }).fill('5');
    await page.getByLabel('Entry price').fill('1.00');
    await page.getByLabel('Stop 1 price').fill(stop);
    await page.getByRole('button', { name: 'Save draft' }).click();
    const second = page.locator('[data-testid="open-plans"] tr[data-plan-id]').filter({ hasText: 'MSFT' }).first();
    await second.waitFor();
    const framesBefore = liveFrames.length;
    await second.getByRole('button', { name: 'Activate' }).click();
    await second.locator('[data-testid="order-status"]').filter({ hasText: /In trade|Exit sent|Closed/ }).waitFor({ timeout: LIVE_MS });
    const after = liveFrames.slice(framesBefore).map((f) => Number(/"sequence":(\d+)/.exec(f)?.[1] ?? 0));
    log(`after the restart the plan moved on live; sequences ${after.join(',')} (before the restart up to ${lastBefore})`);
    await shot('12-after-restart');
  }

  await (await import('./rules-steps.mjs')).rulesSteps({ page, api, apiCall, shot, log, liveMs: LIVE_MS });
  await (await import('./canary-steps.mjs')).canarySteps({ page, api, apiCall, shot, log, liveMs: LIVE_MS });
  await (await import('./strategy-steps.mjs')).strategySteps({ page, api, apiCall, expectText, shot, log, user: USER, password: PASSWORD });
  await (await import('./analyst-steps.mjs')).analystSteps({ page, api, apiCall, log, shot, LIVE_MS });
  await (await import('./analysis-commission-steps.mjs')).analysisCommissionSteps({ page, api, apiCall, log, shot, liveMs: LIVE_MS });
  await (await import('./replay-steps.mjs')).replaySteps({ page, api, apiCall, log, shot, user: USER, liveMs: LIVE_MS });
  await (await import('./ops-accounts-steps.mjs')).opsAccountsSteps({ page, api, apiCall, shot, log, liveMs: LIVE_MS });
  await (await import('./a11y-steps.mjs')).a11ySteps({ page, api, apiCall, shot, log, user: USER, password: PASSWORD });
  if (problems.length > 0) {
    throw new Error('the page reported errors:\n  ' + problems.join('\n  '));
  }
  log(`PASSED in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// ---- the API, for data the UI is then checked against

/** One call; a 429 (the command rate limit) is retried after its Retry-After, a few times. */
async function apiCall(base, method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== null) headers['Content-Type'] = 'application/json';
  for (let attempt = 0; ; attempt++) {
    const r = await fetch(base + path, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
    if (r.status === 429 && attempt < 5) {
      await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('Retry-After') ?? '1')));
      continue;
    }
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? null : r.json();
  }
}

/**
 * Flattens a live trade over the API (a 409 means it closed already) and waits until it is
 * INACTIVE, so that no trade of an earlier step ends live during a later one.
 */
async function flattenAndWaitClosed(api, token, id, what) {
  try {
    await apiCall(api, 'POST', `/api/plans/${id}/flatten`, token, null);
  } catch (e) {
    if (!/: 409 /.test(String(e?.message))) throw e;
  }
  for (let i = 0; ; i++) {
    const d = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
    if (d.plan.status === 'INACTIVE') return;
    if (i >= 60) throw new Error(`${what} did not close after its flatten: ${d.plan.status}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---- assertions (wait for the condition, fail saying what was expected)

/**
 * Reads GET /api/account and the account page until every figure the page shows equals the API's
 * (the demo feed moves prices every second, so the two reads may straddle a tick: read again), and
 * each figure's text is its value written with groups and a sign; returns the API's answer.
 */
async function accountShown(page, api, token, what) {
  const deadline = Date.now() + LIVE_MS;
  const text = (v) => v.replace(/[,+\s]/g, '').replace('−', '-');
  let diff = [];
  while (Date.now() < deadline) {
    const a = await apiCall(api, 'GET', '/api/account', token, null);
    const expected = {
      'today-realized': a.today.realizedPnl,
      'total-realized': a.total.realizedPnl,
      'today-commission': a.today.commission,
      'total-commission': a.total.commission,
      unrealized: a.unrealizedPnl,
      'money-at-risk': a.moneyAtRisk,
    };
    for (const p of a.positions) expected[`net ${p.symbol}`] = String(p.netPosition);
    for (const p of a.positions) expected[`unrealized ${p.symbol}`] = p.unrealizedPnl ?? '';
    for (const r of a.plansAtRisk) expected[`risk ${r.planId}`] = r.moneyAtRisk;
    const shown = await page.evaluate(() => {
      const out = {};
      for (const el of document.querySelectorAll('[data-testid="account-summary"] [data-testid]')) {
        out[el.getAttribute('data-testid')] = { value: el.getAttribute('data-value'), text: el.textContent };
      }
      for (const tr of document.querySelectorAll('[data-testid="account-positions"] tr[data-symbol]')) {
        const sym = tr.getAttribute('data-symbol');
        out[`net ${sym}`] = { value: tr.querySelector('[data-testid="net"]').getAttribute('data-value') };
        const u = tr.querySelector('[data-testid="unrealized"]');
        out[`unrealized ${sym}`] = { value: u.getAttribute('data-value'), text: u.textContent };
      }
      for (const tr of document.querySelectorAll('[data-testid="account-risk"] tr[data-plan-id]')) {
        const c = tr.querySelector('[data-testid="plan-risk"]');
        out[`risk ${tr.getAttribute('data-plan-id')}`] = { value: c.getAttribute('data-value'), text: c.textContent };
      }
      return out;
    });
    diff = [];
    for (const [k, v] of Object.entries(expected)) {
      const s = shown[k];
      if (!s || s.value !== v) diff.push(`${k}: API ${v}, page ${s ? s.value : 'missing'}`);
      else if (s.text !== undefined && v !== '' && !text(s.text).startsWith(v)) diff.push(`${k}: shown as ${JSON.stringify(s.text)} for ${v}`);
    }
    for (const k of Object.keys(shown)) if (!(k in expected)) diff.push(`${k}: on the page, not in the API's answer`);
    if (diff.length === 0) return a;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what}: the page's figures are not the API's:\n  ${diff.join('\n  ')}`);
}


async function expectText(locator, pattern, what) {
  const deadline = Date.now() + STEP_MS;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.first().textContent({ timeout: STEP_MS }).catch(() => '')) ?? '';
    if (pattern.test(text.trim())) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: expected ${pattern}, found ${JSON.stringify(text.trim())}`);
}

async function expectNoText(locator, pattern, what) {
  const text = (await locator.textContent()) ?? '';
  if (pattern.test(text)) throw new Error(`${what}: found ${pattern} in the page`);
}

// ---- chromium

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) skip(`${CHROMIUM} is missing and we are not root to install it (apt-get install -y chromium)`);
  log('installing Debian chromium (apt-get, about a minute on a fresh machine)');
  const r = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(CHROMIUM)) skip('chromium could not be installed with apt-get');
}

// ---- the server

async function freePort() {
  return new Promise((res, rej) => {
    const s = netCreateServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => res(port));
    });
  });
}

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'target' || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of ['src', 'kjar', 'rules']) if (existsSync(join(ROOT, d))) walk(join(ROOT, d));
  newest = Math.max(newest, statSync(join(ROOT, 'pom.xml')).mtimeMs);
  return newest;
}

function ensureServerBuilt() {
  if (process.env.TRADEPLAN_SERVER_LIB) return existsSync(SERVER_JAR);
  if (existsSync(SERVER_JAR) && statSync(SERVER_JAR).mtimeMs >= newestSource()) return true;
  log('building the server classpath (src/server/target/lib; tests skipped, UI not rebuilt) ...');
  const t = Date.now();
  const r = spawnSync(join(ROOT, 'mvnw'), ['-B', '-q', '-ntp', '-DskipTests', '-Dspotless.check.skip=true', '-Dskip.ui=true', '-pl', 'src/server', '-am', 'package'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  log(`server build ${r.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return r.status === 0 && existsSync(SERVER_JAR);
}

/** The server we started, so the test can restart it; null when TRADEPLAN_UI_TEST_URL is used. */
let ownServer = null;

async function startServer() {
  if (!ensureServerBuilt()) skip('the server could not be built (src/server); see the Maven output above');
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'tradeplan-ui-test-'));
  cleanups.push(() => rmSync(data, { recursive: true, force: true }));
  const env = {
    ...process.env,
    SERVER_PORT: String(port),
    TRADEPLAN_DATA_DIR: data,
    TRADEPLAN_DEMO: '1',
    TRADEPLAN_GATEWAY_PORT: '0',
    TRADEPLAN_CLUSTER_PORT: '0',
    // a market that never closes, and 3 s without a tick is stale: the QQQ step below
    TRADEPLAN_MARKET_HOURS: 'always',
    TRADEPLAN_MARKET_DATA_STALE_SECONDS: '3',
  };
  for (const k of ['MONGODB_URI', 'IB_HOST', 'TRADEPLAN_CLUSTER_MEMBERS']) delete env[k];
  let child = null;
  let output = '';

  /** Starts the process and waits for its "up" line; `onFail` says what a failure means. */
  const launch = async (onFail) => {
    const t = Date.now();
    output = '';
    child = spawn('java', ['-Xmx768m', '-XX:+UseSerialGC', '-cp', `${SERVER_LIB}/*`, 'com.tradeplan.server.Main', 'up'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const keep = (b) => {
      output = (output + b.toString()).slice(-20000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const deadline = Date.now() + SERVER_START_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        console.log(output);
        onFail(`the server exited with ${child.exitCode} while starting (its output is above)`);
      }
      if (output.includes('=== Tradeplan is up ===')) {
        log(`server is up on port ${port} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(output);
    onFail(`the server did not report "Tradeplan is up" within ${SERVER_START_MS / 1000} s`);
  };

  /** SIGTERM (a clean shutdown), SIGKILL after 20 s. */
  const stop = () =>
    new Promise((res) => {
      const c = child;
      if (c === null || c.exitCode !== null) return res();
      c.once('exit', () => res());
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        return res();
      }
      setTimeout(() => {
        try {
          process.kill(-c.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        res();
      }, 20_000).unref();
    });

  cleanups.push(stop);
  log(`starting the server on port ${port}, data in ${data}`);
  await launch(skip);
  ownServer = {
    restart: async () => {
      await stop();
      await launch((why) => {
        throw new Error(`restart: ${why}`);
      });
    },
  };
  return `http://127.0.0.1:${port}`;
}

async function servesThisUi(api) {
  try {
    const r = await fetch(api + '/', { redirect: 'follow' });
    return r.ok && (await r.text()).includes('<div id="app">');
  } catch {
    return false;
  }
}

// ---- admin-ui/dist for a server without the UI jar: static files, /api and /ws forwarded

// The server's own policy (src/server SecurityConfig): no inline or foreign script at all. Inline
// style is allowed there; the UI's only use of it is the chart library's attribution-logo <style>.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;" +
  " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

async function serveDist(api) {
  const target = new URL(api);
  const server = createServer((req, res) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/actuator/')) {
      const up = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(up);
      return;
    }
    const path = req.url.split('?')[0];
    const file = join(DIST, path === '/' ? 'index.html' : path);
    if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // the policy the built UI must live with: no inline script, no eval
      'Content-Security-Policy': CSP,
    });
    createReadStream(file).pipe(res);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = netConnect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i];
        lines.push(`${name}: ${name.toLowerCase() === 'host' ? target.host : req.rawHeaders[i + 1]}`);
      }
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head?.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
        setTimeout(r, 2000).unref();
      }),
  );
  return `http://127.0.0.1:${port}`;
}

async function cleanup() {
  for (const c of cleanups.reverse()) {
    try {
      await c();
    } catch {
      /* best effort */
    }
  }
}

main()
  .then(async () => {
    await cleanup();
    process.exit(0);
  })
  .catch(async (e) => {
    console.error('[browser-test] FAILED:', e?.message ?? e);
    for (const p of pageProblems) console.error(`[browser-test] before the failure the page reported: ${p}`);
    await failureShot().then(
      () => console.error('[browser-test] the page at the failure: test-results/failure.png'),
      () => {},
    );
    await cleanup();
    process.exit(1);
  });
