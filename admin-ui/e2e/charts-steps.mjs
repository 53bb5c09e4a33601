/**
 * Browser steps of issue 18, point 3 (called once from browser-test.mjs's main): the plan page's
 * chart and the account's intraday P&L curve, checked by what the page shows against the API.
 *
 * A live AAPL trade is made over the API and its stop moved from 0.50 to 0.60; its page's chart
 * must then say it draws the stop as steps 0.50 → 0.60 and every other line at the plan's level
 * (entry, target, active stop: the API's plan), and its high and low must be the extremes of the
 * API's bars of the same interval since the plan's first event (read before and after the page:
 * the page's figure lies between them, the feed ticks meanwhile). The account page's curve must
 * end on the API's account figures (realized today and unrealized, read until both reads fall
 * between the same ticks) with total = realized + unrealized exactly.
 */

/** A plain decimal as a scaled BigInt with 6 places (exact for every price and P&L here). */
function units(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(String(s).trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(s)}`);
  const v = BigInt(m[2]) * 1000000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -v : v;
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** The highest high and lowest low of the API's bars since `from` (scaled units), or null. */
async function apiExtremes(apiCall, api, token, symbol, interval, from) {
  const b = await apiCall(api, 'GET', `/api/market/${symbol}/bars?interval=${interval}&from=${encodeURIComponent(from)}`, token, null);
  if (b.bars.length === 0) return null;
  let high = units(b.bars[0].high);
  let low = units(b.bars[0].low);
  for (const x of b.bars) {
    if (units(x.high) > high) high = units(x.high);
    if (units(x.low) < low) low = units(x.low);
  }
  return { high, low, bars: b.bars.length };
}

export async function chartsSteps({ page, api, apiCall, shot, log, user, password, liveMs }) {
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: user, password })).token;
  const go = (hash) => page.evaluate((h) => { window.location.hash = h; }, hash);

  // A. a live AAPL trade, its stop moved 0.50 -> 0.60 over the API
  const created = await apiCall(api, 'POST', '/api/plans', token, {
    symbol: 'AAPL', side: 'LONG', quantity: 3,
    entry: { condition: 'ABOVE', price: '1.00' },
    stops: [{ price: '0.50' }],
    targets: [{ price: '100000.00' }],
  });
  const id = created.id;
  await apiCall(api, 'POST', `/api/plans/${id}/activate`, token, null);
  const deadline = Date.now() + liveMs;
  let detail = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
  while (detail.plan.position !== 3 && Date.now() < deadline) {
    await wait(300);
    detail = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
  }
  if (detail.plan.position !== 3) throw new Error(`chart plan ${id}: not live with 3 AAPL (${detail.plan.status})`);
  // wait until the server recorded the 0.50 (from the fill's step, or the activation's update)
  // before moving it, so that the chart has both levels to show
  let recorded = [];
  while (!recorded.some((p) => p.stops?.[0] === '0.50') && Date.now() < deadline) {
    recorded = (await apiCall(api, 'GET', `/api/plans/${id}/levels`, token, null)).points ?? [];
    if (!recorded.some((p) => p.stops?.[0] === '0.50')) await wait(300);
  }
  if (!recorded.some((p) => p.stops?.[0] === '0.50')) throw new Error(`chart plan ${id}: the stop at 0.50 was never recorded: ${JSON.stringify(recorded)}`);
  let moved = null;
  for (let attempt = 0; attempt < 5 && moved === null; attempt++) {
    const version = (await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan.version;
    const r = await fetch(`${api}/api/plans/${id}/exits`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify({ kind: 'moveStop', index: 0, price: '0.60', reason: 'chart test' }),
    });
    if (r.ok) moved = await r.json();
    else if (r.status !== 409) throw new Error(`move stop: ${r.status} ${await r.text()}`);
  }
  if (moved === null) throw new Error('move stop: refused as concurrent 5 times');

  // B. the plan page's chart: level lines against the plan, extremes against the bars
  await go(`#/plan/${id}`);
  const facts = page.locator('[data-testid="chart-facts"]');
  await facts.waitFor({ timeout: liveMs });
  await page.waitForFunction(() => {
    const f = document.querySelector('[data-testid="chart-facts"]');
    const stop = document.querySelector('[data-testid="chart-line"][data-key="stop-1"]');
    return f && Number(f.getAttribute('data-bars')) > 0 && stop && stop.getAttribute('data-levels') === '0.50 0.60';
  }, null, { timeout: liveMs });
  const plan = (await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan;
  const history = (await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).history;
  const lines = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-testid="chart-line"]')].map((e) => [e.getAttribute('data-key'), { now: e.getAttribute('data-now'), levels: e.getAttribute('data-levels'), text: e.textContent.trim() }])),
  );
  const expectLine = (key, now, levels) => {
    const l = lines[key];
    if (!l) throw new Error(`the chart draws no ${key} line (lines: ${Object.keys(lines).join(', ')})`);
    if (units(l.now) !== units(now)) throw new Error(`the chart's ${key} is at ${l.now}, the plan's at ${now}`);
    if (levels !== undefined && l.levels !== levels) throw new Error(`the chart's ${key} took ${l.levels}, expected ${levels}`);
  };
  expectLine('stop-1', plan.stops[0].price, '0.50 0.60');
  if (lines['stop-1'].text !== '0.50 → 0.60') throw new Error(`the chart's stop 1 reads ${JSON.stringify(lines['stop-1'].text)}`);
  expectLine('entry', plan.entry.price, plan.entry.price);
  expectLine('target-1', plan.targets[0].price);
  expectLine('active-stop', plan.activeStop);
  const first = history.map((e) => Date.parse(e.time)).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b)[0];
  const from = new Date(first).toISOString();
  let bracket = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const interval = await facts.getAttribute('data-interval');
    const before = await apiExtremes(apiCall, api, token, 'AAPL', interval, from);
    await wait(5600); // the page reads its bars every 5 s: one read after `before`
    const shown = await page.evaluate(() => ({
      high: document.querySelector('[data-testid="chart-high"]').getAttribute('data-value'),
      low: document.querySelector('[data-testid="chart-low"]').getAttribute('data-value'),
    }));
    const after = await apiExtremes(apiCall, api, token, 'AAPL', interval, from);
    const high = units(shown.high);
    const low = units(shown.low);
    if (before && after && before.high <= high && high <= after.high && after.low <= low && low <= before.low) {
      bracket = `high ${shown.high}, low ${shown.low} (${interval} bars: API ${after.bars})`;
      break;
    }
    bracket = '';
    log(`chart extremes ${shown.high}/${shown.low} outside the API's before/after reads; again`);
  }
  if (bracket === '') throw new Error('the chart\'s high and low never matched the API\'s bars');
  log(`plan chart: stop 1 drawn 0.50 → 0.60, entry ${plan.entry.price}, target ${plan.targets[0].price}, active stop ${plan.activeStop}; ${bracket}`);
  await shot('18-plan-chart');

  // C. the account page's P&L curve ends on the API's figures
  await go('#/account');
  const last = page.locator('[data-testid="pnl-curve-last"]');
  await last.waitFor({ timeout: liveMs });
  const end = Date.now() + liveMs;
  let diff = '';
  while (Date.now() < end) {
    const a = await apiCall(api, 'GET', '/api/account', token, null);
    const shown = await page.evaluate(() => {
      const e = document.querySelector('[data-testid="pnl-curve-last"]');
      return { total: e.getAttribute('data-total'), realized: e.getAttribute('data-realized'), unrealized: e.getAttribute('data-unrealized') };
    });
    diff = '';
    if (shown.realized !== a.today.realizedPnl) diff += ` realized: API ${a.today.realizedPnl}, curve ${shown.realized};`;
    if (shown.unrealized !== a.unrealizedPnl) diff += ` unrealized: API ${a.unrealizedPnl}, curve ${shown.unrealized};`;
    if (units(shown.total) !== units(a.today.realizedPnl) + units(a.unrealizedPnl)) diff += ` total ${shown.total} is not realized + unrealized;`;
    if (diff === '') {
      const curve = await apiCall(api, 'GET', '/api/account/pnl-curve', token, null);
      const points = Number(await page.locator('[data-testid="pnl-curve-facts"]').getAttribute('data-points'));
      if (points < 1 || points > curve.samples.length + 1) throw new Error(`the curve shows ${points} points, the API kept ${curve.samples.length}`);
      log(`account P&L curve ends on ${shown.total} (${shown.realized} realized, ${shown.unrealized} unrealized), ${points} points`);
      break;
    }
    await wait(500);
  }
  if (diff !== '') throw new Error(`the P&L curve's last point is not the account's:${diff}`);
  await shot('19-account-pnl-curve');

  // the trade is flattened so that no live trade of this step is left for later ones
  await apiCall(api, 'POST', `/api/plans/${id}/flatten`, token, null).catch(() => null);
  const closeBy = Date.now() + liveMs;
  while (Date.now() < closeBy) {
    if ((await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan.status === 'INACTIVE') return;
    await wait(300);
  }
  throw new Error(`chart plan ${id}: not closed after the flatten`);
}
