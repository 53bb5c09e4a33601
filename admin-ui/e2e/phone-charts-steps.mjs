import { fileURLToPath } from 'node:url';

/**
 * Browser steps of issue 18, point 3 at phone width (called once from browser-test.mjs's main,
 * after the chart steps): at 390 x 844 the plan page's chart and the account's P&L curve must be
 * readable, checked by what the page draws against the API.
 *
 * A live AAPL trade is made over the API, its stop 1 moved from 0.50 to 2.00 under its fill and its
 * target 1 from 100000.00 to 3.00 over it: near the price, so their labels are on the price axis,
 * stop 1's and the active stop's on one level (they would fall on one spot). Then, on the plan
 * page and on the account page, at 390 px:
 * - the drawn levels are the API's: each level line's current level is the plan's (entry, stop 1,
 *   target 1, active stop) and the levels it took are the API's recorded levels; the
 *   P&L curve ends on the API's account figures, total = realized + unrealized exactly;
 * - nothing scrolls sideways (`document.scrollingElement.scrollWidth <= innerWidth`) and the chart
 *   lies within the screen;
 * - the axes' labels do not overlap, read from the chart's own canvases (the labels are drawn, not
 *   DOM text): on the time axis each run of ink is at most one label wide (two labels drawn into
 *   each other make one run wider than a label), none is cut by the axis' edge, and at least one
 *   is drawn; on the price axis the grey tick labels are one line high each, no
 *   two level labels (boxes in their lines' colours) share a pixel row, and every label lies
 *   within the axis, none taller than one label. Not checked: a tick label of the price axis
 *   partly covered by a level's label (lightweight-charts draws those over its tick labels).
 */

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The screen as the trader sees it (390 x 844, the chart scrolled into view), into test-results:
 * not the whole page, whose full-height capture at phone width outlasted the step's timeout on a
 * loaded machine.
 */
async function screenShot(page, log, name) {
  const path = fileURLToPath(new URL(`../test-results/${name}.png`, import.meta.url));
  await page.screenshot({ path, fullPage: false, timeout: 60_000 });
  log(`screenshot test-results/${name}.png`);
}

/** A plain decimal as a scaled BigInt with 6 places (exact for every price and P&L here). */
function units(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(String(s).trim());
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(s)}`);
  const v = BigInt(m[2]) * 1000000n + BigInt((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -v : v;
}

/** A scaled BigInt (6 places) as a decimal with 2 places (a multiple of a cent). */
function text(v) {
  const neg = v < 0n;
  const a = neg ? -v : v;
  return `${neg ? '-' : ''}${a / 1000000n}.${String((a % 1000000n) / 10000n).padStart(2, '0')}`;
}

/** POST /api/plans/{id}/exits with the plan's version, again on a version conflict (a fill, a price). */
async function changeExits(api, token, id, change) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const g = await fetch(`${api}/api/plans/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    const version = (await g.json()).plan.version;
    const r = await fetch(`${api}/api/plans/${id}/exits`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': `"${version}"` },
      body: JSON.stringify(change),
    });
    if (r.ok) return;
    if (r.status !== 409) throw new Error(`${change.kind}: ${r.status} ${await r.text()}`);
  }
  throw new Error(`${change.kind}: refused as concurrent 5 times`);
}

/**
 * Runs in the page: the layout of the chart in `selector` as drawn on its canvases. The pane is the
 * largest canvas; the time axis' canvases lie below it, the price axis' right of it. Ink: a pixel
 * darker than mid-grey (label text, or a label's coloured box); `colors` are the level lines'
 * colours (#rrggbb), whose boxes are found by exact colour.
 */
function chartLayout({ selector, colors }) {
  const area = document.querySelector(selector);
  if (!area) return { error: `no ${selector}` };
  const canvases = [...area.querySelectorAll('canvas')].map((c) => ({ c, r: c.getBoundingClientRect() }));
  if (canvases.length === 0) return { error: 'no canvas drawn' };
  const pane = canvases.reduce((a, b) => (b.r.width * b.r.height > a.r.width * a.r.height ? b : a));
  const below = canvases.filter((x) => x.r.top >= pane.r.bottom - 1 && x.r.left < pane.r.right - 1 && x.r.right > pane.r.left + 1);
  const right = canvases.filter((x) => x.r.left >= pane.r.right - 1 && x.r.top < pane.r.bottom - 1);
  const pixels = (x) => {
    const ctx = x.c.getContext('2d');
    return { data: ctx.getImageData(0, 0, x.c.width, x.c.height).data, w: x.c.width, h: x.c.height, scale: x.c.width / x.r.width };
  };
  const dark = (d, i) => d[i + 3] > 128 && (d[i] + d[i + 1] + d[i + 2]) / 3 < 110;
  const grey = (d, i) => Math.abs(d[i] - d[i + 1]) < 24 && Math.abs(d[i + 1] - d[i + 2]) < 24;

  // the time axis: columns with ink, below the axis line and tick marks, grouped into runs
  let timeRuns = [];
  for (const x of below) {
    const p = pixels(x);
    const ink = new Array(p.w).fill(false);
    for (let y = Math.round(6 * p.scale); y < p.h; y++) {
      for (let col = 0; col < p.w; col++) if (dark(p.data, (y * p.w + col) * 4)) ink[col] = true;
    }
    const gap = Math.round(4 * p.scale);
    let start = -1;
    let lastInk = -1;
    for (let col = 0; col <= p.w; col++) {
      if (col < p.w && ink[col]) {
        if (start < 0) start = col;
        lastInk = col;
      } else if (start >= 0 && col - lastInk > gap) {
        timeRuns.push({ left: start / p.scale, right: (lastInk + 1) / p.scale, cut: start === 0 || lastInk >= p.w - 1 });
        start = -1;
      }
    }
  }
  // the price axis: the rows of each level label's box (its line's colour), and the grey text rows
  const rgb = colors.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
  const boxes = [];
  let axisHeight = 0;
  for (const x of right) {
    const p = pixels(x);
    axisHeight = Math.max(axisHeight, x.r.height);
    colors.forEach((hex, k) => {
      let top = -1;
      let bottom = -1;
      const runs = [];
      for (let y = 0; y <= p.h; y++) {
        let n = 0;
        if (y < p.h) {
          for (let col = 0; col < p.w; col++) {
            const i = (y * p.w + col) * 4;
            if (p.data[i + 3] > 200 && p.data[i] === rgb[k][0] && p.data[i + 1] === rgb[k][1] && p.data[i + 2] === rgb[k][2]) n++;
          }
        }
        if (n >= 6 * p.scale) {
          if (top < 0) top = y;
          bottom = y;
        } else if (top >= 0) {
          runs.push({ color: hex, top: top / p.scale, bottom: (bottom + 1) / p.scale });
          top = -1;
        }
      }
      boxes.push(...runs);
    });
  }
  // the tallest grey run of text rows outside every box (a tick label: one line of digits)
  const textRuns = [];
  for (const x of right) {
    const p = pixels(x);
    let top = -1;
    let bottom = -1;
    for (let y = 0; y <= p.h; y++) {
      let n = 0;
      if (y < p.h) {
        for (let col = 0; col < p.w; col++) {
          const i = (y * p.w + col) * 4;
          if (dark(p.data, i) && grey(p.data, i)) n++;
        }
      }
      const inBox = boxes.some((b) => y / p.scale >= b.top - 1 && y / p.scale <= b.bottom + 1);
      if (n > 0 && !inBox) {
        if (top < 0) top = y;
        bottom = y;
      } else if (top >= 0 && (n === 0 || inBox)) {
        textRuns.push({ top: top / p.scale, bottom: (bottom + 1) / p.scale });
        top = -1;
      }
    }
  }
  const probe = document.createElement('canvas').getContext('2d');
  const font = getComputedStyle(area).fontFamily;
  probe.font = `12px ${font}`;
  return {
    pane: { left: pane.r.left, right: pane.r.right, width: pane.r.width, height: pane.r.height },
    chartRight: area.getBoundingClientRect().right,
    timeRuns,
    boxes,
    textRuns,
    axisHeight,
    labelWidth: Math.max(probe.measureText('00:00:00').width, probe.measureText('Dec 05').width),
    innerWidth: window.innerWidth,
    scrollWidth: document.scrollingElement.scrollWidth,
  };
}

/**
 * Throws unless the layout `l` of the chart named `what` is readable (see the file comment), with
 * at least `minTimeLabels` time labels drawn.
 */
function expectReadable(what, l, minTimeLabels) {
  if (l.error) throw new Error(`${what}: ${l.error}`);
  if (l.scrollWidth > l.innerWidth) throw new Error(`${what}: the page scrolls sideways at ${l.innerWidth} px (scrollWidth ${l.scrollWidth})`);
  if (l.chartRight > l.innerWidth + 0.5) throw new Error(`${what}: the chart ends at ${l.chartRight} px, past the screen (${l.innerWidth})`);
  if (l.pane.width < 200) throw new Error(`${what}: the chart's plot is ${l.pane.width} px wide`);
  if (l.timeRuns.length < minTimeLabels) throw new Error(`${what}: ${l.timeRuns.length} time label(s) drawn, fewer than ${minTimeLabels}`);
  const cut = l.timeRuns.filter((r) => r.cut);
  if (cut.length > 0) throw new Error(`${what}: a time label is cut by the axis' edge at ${cut.map((r) => `${r.left.toFixed(0)}-${r.right.toFixed(0)} px`).join(', ')}`);
  const wide = l.timeRuns.filter((r) => r.right - r.left > l.labelWidth + 6);
  if (wide.length > 0) throw new Error(`${what}: time labels drawn into each other at ${wide.map((r) => `${r.left.toFixed(0)}-${r.right.toFixed(0)} px`).join(', ')} (one label is at most ${l.labelWidth.toFixed(0)} px)`);
  for (let i = 0; i < l.boxes.length; i++) {
    const a = l.boxes[i];
    if (a.bottom - a.top > 24) throw new Error(`${what}: two ${a.color} labels drawn into each other on the price axis (${a.top.toFixed(0)}-${a.bottom.toFixed(0)} px)`);
    if (a.top < 0 || a.bottom > l.axisHeight + 0.5) throw new Error(`${what}: the ${a.color} level label lies outside the price axis (${a.top}-${a.bottom} of ${l.axisHeight} px)`);
    for (let j = i + 1; j < l.boxes.length; j++) {
      const b = l.boxes[j];
      if (a.top < b.bottom && b.top < a.bottom) throw new Error(`${what}: the ${a.color} and ${b.color} level labels overlap on the price axis (${a.top.toFixed(0)}-${a.bottom.toFixed(0)} and ${b.top.toFixed(0)}-${b.bottom.toFixed(0)} px)`);
    }
  }
  const tall = l.textRuns.filter((r) => r.bottom - r.top > 16);
  if (tall.length > 0) throw new Error(`${what}: price labels drawn into each other at ${tall.map((r) => `${r.top.toFixed(0)}-${r.bottom.toFixed(0)} px`).join(', ')}`);
}

export async function phoneChartsSteps({ page, api, apiCall, log, user, password, liveMs }) {
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: user, password })).token;
  const go = (hash) => page.evaluate((h) => { window.location.hash = h; }, hash);
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  let id = null;
  try {
    // A. a live AAPL trade whose stop 1 and active stop end on one level
    const created = await apiCall(api, 'POST', '/api/plans', token, {
      symbol: 'AAPL', side: 'LONG', quantity: 2,
      entry: { condition: 'ABOVE', price: '1.00' },
      stops: [{ price: '0.50' }],
      targets: [{ price: '100000.00' }],
    });
    id = created.id;
    await apiCall(api, 'POST', `/api/plans/${id}/activate`, token, null);
    const deadline = Date.now() + liveMs;
    let detail = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
    while (detail.plan.position !== 2 && Date.now() < deadline) {
      await wait(300);
      detail = await apiCall(api, 'GET', `/api/plans/${id}`, token, null);
    }
    if (detail.plan.position !== 2) throw new Error(`phone chart plan ${id}: not live with 2 AAPL (${detail.plan.status})`);
    // stop 1 moved to 2.00 under the entry's fill and target 1 to 3.00 over it: near the price, so
    // their labels are on the price axis, stop 1's and the active stop's on one level
    const fill = units(detail.plan.avgEntryPrice);
    const cents = 10000n;
    const stopPrice = text(((fill - 2000000n) / cents) * cents);
    const targetPrice = text(((fill + 3000000n + cents - 1n) / cents) * cents);
    await changeExits(api, token, id, { kind: 'moveStop', index: 0, price: stopPrice, reason: 'phone chart test' });
    await changeExits(api, token, id, { kind: 'moveTarget', index: 0, price: targetPrice, reason: 'phone chart test' });

    // B. the plan page at 390 px: the levels drawn are the API's, and the chart is readable
    await go(`#/plan/${id}`);
    await page.locator('[data-testid="chart-facts"]').waitFor({ timeout: liveMs });
    await page.waitForFunction((want) => {
      const f = document.querySelector('[data-testid="chart-facts"]');
      const stop = document.querySelector('[data-testid="chart-line"][data-key="stop-1"]');
      return f && Number(f.getAttribute('data-bars')) > 1 && stop && stop.getAttribute('data-levels') === want;
    }, `0.50 ${stopPrice}`, { timeout: liveMs });
    const plan = (await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan;
    const points = (await apiCall(api, 'GET', `/api/plans/${id}/levels`, token, null)).points;
    const lines = await page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('[data-testid="chart-line"]')].map((e) => [e.getAttribute('data-key'), { now: e.getAttribute('data-now'), levels: e.getAttribute('data-levels') }])),
    );
    const taken = (of) => points.map(of).filter((v, i, all) => v != null && (i === 0 || all.slice(0, i).filter((x) => x != null).at(-1) !== v)).join(' ');
    const expectLine = (key, now, levels) => {
      const l = lines[key];
      if (!l) throw new Error(`at 390 px the chart draws no ${key} line (lines: ${Object.keys(lines).join(', ')})`);
      if (units(l.now) !== units(now)) throw new Error(`at 390 px the chart's ${key} is at ${l.now}, the plan's at ${now}`);
      if (l.levels !== levels) throw new Error(`at 390 px the chart's ${key} took ${l.levels}, the API recorded ${levels}`);
    };
    expectLine('entry', plan.entry.price, taken((p) => p.entry));
    expectLine('stop-1', plan.stops[0].price, taken((p) => p.stops[0]));
    expectLine('target-1', plan.targets[0].price, taken((p) => p.targets[0]));
    expectLine('active-stop', plan.activeStop, taken((p) => p.activeStop));
    if (units(plan.activeStop) !== units(stopPrice) || lines['target-1'].levels !== `100000.00 ${targetPrice}`) throw new Error(`the phone step's plan is not at stop 1 = active stop = ${stopPrice}, target ${targetPrice}: ${plan.activeStop}, ${lines['target-1'].levels}`);
    await page.locator('.chart-area canvas').first().scrollIntoViewIfNeeded();
    await wait(400); // a frame for the chart to draw at its new size
    const planColors = ['#6b7280', '#9f1239', '#0f766e', '#dc2626', '#15803d', '#b91c1c']; // entry, stop, target, active stop; the last price's label, up or down
    const planLayout = await page.evaluate(chartLayout, { selector: '.chart .chart-area', colors: planColors });
    expectReadable('the plan chart at 390 px', planLayout, 1);
    for (const [name, color] of [['stop 1', '#9f1239'], ['active stop', '#dc2626'], ['target 1', '#0f766e']]) {
      if (!planLayout.boxes.some((b) => b.color === color)) throw new Error(`at 390 px the price axis has no label of ${name} (${color}), which is near the price`);
    }
    log(`phone plan chart: entry, stop 1 (0.50 → ${stopPrice}), target 1 (100000.00 → ${targetPrice}) and active stop at the API's levels; ${planLayout.timeRuns.length} time labels, ${planLayout.boxes.length} level labels, none overlapping; scrollWidth ${planLayout.scrollWidth} <= ${planLayout.innerWidth}`);
    await screenShot(page, log, '20-phone-plan-chart');

    // C. the account page at 390 px: the curve ends on the API's figures, and is readable
    await go('#/account');
    const last = page.locator('[data-testid="pnl-curve-last"]');
    await last.waitFor({ timeout: liveMs });
    const end = Date.now() + liveMs;
    let diff = 'not read';
    while (Date.now() < end && diff !== '') {
      const a = await apiCall(api, 'GET', '/api/account', token, null);
      const shown = await page.evaluate(() => {
        const e = document.querySelector('[data-testid="pnl-curve-last"]');
        return { total: e.getAttribute('data-total'), realized: e.getAttribute('data-realized'), unrealized: e.getAttribute('data-unrealized') };
      });
      diff = '';
      if (shown.realized !== a.today.realizedPnl) diff += ` realized: API ${a.today.realizedPnl}, curve ${shown.realized};`;
      if (shown.unrealized !== a.unrealizedPnl) diff += ` unrealized: API ${a.unrealizedPnl}, curve ${shown.unrealized};`;
      if (units(shown.total) !== units(a.today.realizedPnl) + units(a.unrealizedPnl)) diff += ` total ${shown.total} is not realized + unrealized;`;
      if (diff !== '') await wait(500);
    }
    if (diff !== '') throw new Error(`at 390 px the P&L curve's last point is not the account's:${diff}`);
    const curve = await apiCall(api, 'GET', '/api/account/pnl-curve', token, null);
    const drawn = Number(await page.locator('[data-testid="pnl-curve-facts"]').getAttribute('data-points'));
    if (drawn < curve.samples.length || drawn > curve.samples.length + 1) throw new Error(`at 390 px the curve draws ${drawn} points, the API kept ${curve.samples.length}`);
    await page.locator('#account-pnl-curve-title').scrollIntoViewIfNeeded();
    await wait(400);
    const pnlLayout = await page.evaluate(chartLayout, { selector: 'section[aria-labelledby="account-pnl-curve-title"] .chart-area', colors: ['#2563eb'] });
    expectReadable('the P&L curve at 390 px', pnlLayout, 1); // a curve of one minute has one label

    log(`phone P&L curve: ${drawn} points ending on the API's account figures; ${pnlLayout.timeRuns.length} time labels, none overlapping; scrollWidth ${pnlLayout.scrollWidth} <= ${pnlLayout.innerWidth}`);
    await screenShot(page, log, '21-phone-pnl-curve');
  } finally {
    if (id !== null) await apiCall(api, 'POST', `/api/plans/${id}/flatten`, token, null).catch(() => null);
    await page.setViewportSize(viewport ?? { width: 1280, height: 900 });
  }
  const closeBy = Date.now() + liveMs;
  while (Date.now() < closeBy) {
    if ((await apiCall(api, 'GET', `/api/plans/${id}`, token, null)).plan.status === 'INACTIVE') return;
    await wait(300);
  }
  throw new Error(`phone chart plan ${id}: not closed after the flatten`);
}
