/**
 * Browser steps of issue 18, points 4 to 6 and 8 (called once from browser-test.mjs's main): the
 * plan ticket's figures against a hand computation, a template round trip (save, fill a new form
 * from it, the fields and the created plan equal), the flatten confirmation of a short naming the
 * order it sends, and the list and a plan page at phone width (390 x 844). Every check reads what
 * the page shows and compares it with numbers worked out here or read from the API.
 */

/** A plain decimal as whole hundredths of a cent (4 decimals: prices, commissions). */
function units(s) {
  const m = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal with at most 4 places: ${JSON.stringify(s)}`);
  const v = BigInt(m[2]) * 10000n + BigInt((m[3] ?? '').padEnd(4, '0'));
  return m[1] ? -v : v;
}

/** Units back to a decimal with `places` decimals (exact: the test only writes exact values). */
function text(u, places) {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const whole = a / 10000n;
  const frac = String(a % 10000n).padStart(4, '0');
  if (frac.slice(places).replace(/0/g, '') !== '') throw new Error(`${u} has more than ${places} decimals`);
  return (neg ? '-' : '') + whole + (places > 0 ? '.' + frac.slice(0, places) : '');
}

/** What the page shows for a figure, as a plain decimal ("−1,234.50" -> "-1234.50"). */
const plain = (t) => t.trim().replace(/,/g, '').replace('−', '-').replace(/^\+/, '');

export async function traderSpeedSteps({ page, api, apiCall, expectText, shot, log, user, password, liveMs }) {
  const token = (await apiCall(api, 'POST', '/api/auth/login', null, { username: user, password })).token;
  const go = (hash) => page.evaluate((h) => { window.location.hash = h; }, hash);

  // A. the ticket: 100 AAPL long, entry 101.25, stop 99.75, target 104.25, worked out by hand
  await go('#/new');
  await page.getByRole('heading', { name: 'New plan' }).waitFor();
  await page.getByLabel('Symbol').fill('AAPL');
  await page.getByLabel('Quantity', { exact: true }).fill('100');
  await page.getByLabel('Entry price').fill('101.25');
  await page.getByLabel('Stop 1 price').fill('99.75');
  await page.getByRole('button', { name: 'Add target' }).click();
  await page.getByLabel('Target 1 price').fill('104.25');
  const risk = units('101.25') - units('99.75'); // 1.50 a share
  const reward = units('104.25') - units('101.25'); // 3.00 a share
  await expectText(page.getByTestId('ticket-risk-share'), new RegExp(`^${text(risk, 2)}$`), 'risk per share 101.25 − 99.75');
  await expectText(page.getByTestId('ticket-risk-total'), new RegExp(`^${text(risk * 100n, 2)}$`), 'risk in total, 100 × 1.50');
  await expectText(page.getByTestId('ticket-reward'), new RegExp(`^${text(reward, 2)}, ${text((reward * 100n) / risk * 100n, 2)} : 1$`), 'target 1 reward and reward-to-risk 3.00 / 1.50');
  // the commission as the server's model quotes it (IB fixed: 100 × 0.005 = 0.50, at least 1.00)
  const entryQuote = await apiCall(api, 'GET', '/api/commission/quote?shares=100&price=101.25', token, null);
  const exitQuote = await apiCall(api, 'GET', '/api/commission/quote?shares=100&price=99.75', token, null);
  if (entryQuote.commission !== '1.0000' || exitQuote.commission !== '1.0000') {
    throw new Error(`IB fixed charges its 1.00 minimum on 100 shares: ${entryQuote.commission}, ${exitQuote.commission}`);
  }
  await expectText(page.getByTestId('ticket-commission'), /^1\.0000, 1\.0000$/, 'the commissions of entry and exit');
  await expectText(page.getByTestId('ticket-risk-commission'), new RegExp(`^${text(risk * 100n + 2n * units('1.0000'), 4)}$`), 'risk with both commissions');
  // the last price and the entry's distance from it: the demo feed moves, so read both until they agree
  {
    const deadline = Date.now() + liveMs;
    let seen = '';
    for (;;) {
      const last = (await apiCall(api, 'GET', '/api/market/prices/AAPL', token, null)).last;
      const shownLast = plain((await page.getByTestId('ticket-last').textContent()) ?? '');
      const shownDistance = plain((await page.getByTestId('ticket-distance').first().textContent()) ?? '');
      seen = `last ${last} / page ${shownLast}, distance ${shownDistance}`;
      if (shownLast === last && /^-?\d+(\.\d+)?$/.test(shownDistance) && units(shownDistance) === units('101.25') - units(last)) break;
      if (Date.now() > deadline) throw new Error(`the ticket's last price and entry distance: ${seen}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    log(`ticket: ${seen}`);
  }
  // size from 200 at risk: at once 200 / 1.50 = 133.33, rounded down to 133 (before commissions);
  // the server counts both 1.00 minimums: 132 x 1.50 + 2.00 = 200.00 fits, 133 would be 201.50
  await page.getByLabel('Size from an amount at risk').fill('200');
  await expectText(page.getByTestId('ticket-sizing'), /^≈ 133 shares risk 199\.50 before commissions/, 'the instant sizing from 200 at risk');
  await expectText(page.getByTestId('ticket-sizing-server'), /^Server: 132 shares risk 198\.00 \+ commissions 2\.0000 = 200\.0000/, 'the server sizing from 200 at risk');
  await expectText(page.getByTestId('ticket-sizing-bound'), /^bound by the amount at risk 200, commissions included$/, 'what bound the size');
  if ((await page.getByLabel('Quantity', { exact: true }).inputValue()) !== '100') throw new Error('the size was used before the click');
  await page.getByTestId('ticket-use-size').click();
  if ((await page.getByLabel('Quantity', { exact: true }).inputValue()) !== '132') throw new Error('the size was not used');
  await expectText(page.getByTestId('ticket-risk-total'), /^198\.00$/, 'risk in total after sizing');
  await shot('13-ticket');
  log('ticket: figures equal the hand computation; 200 at risk sizes 132 shares with commissions');

  // B. template round trip: save the form, fill a fresh form from it, equal fields, create the plan
  const name = `Speed ${Date.now()}`;
  await page.getByLabel('Save this form as').fill(name);
  await page.getByTestId('template-save').click();
  await expectText(page.getByTestId('template-message'), /saved/, 'the template saved');
  const stored = (await apiCall(api, 'GET', '/api/templates', token, null)).find((t) => t.name === name);
  if (!stored || stored.plan.quantity !== 132 || stored.plan.entry.price !== '101.25' || stored.plan.stops[0].price !== '99.75' || stored.plan.targets[0].price !== '104.25') {
    throw new Error(`the stored template is not the form: ${JSON.stringify(stored)}`);
  }
  await go('#/');
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  await go('#/new');
  await page.getByRole('heading', { name: 'New plan' }).waitFor();
  if ((await page.getByLabel('Entry price').inputValue()) !== '') throw new Error('the new form is not empty');
  await page.getByTestId('template-pick').selectOption(name);
  await page.getByTestId('template-use').click();
  const fields = {
    Symbol: 'AAPL',
    Quantity: '132',
    'Entry price': '101.25',
    'Stop 1 price': '99.75',
    'Target 1 price': '104.25',
  };
  for (const [label, want] of Object.entries(fields)) {
    const got = await page.getByLabel(label, { exact: true }).inputValue();
    if (got !== want) throw new Error(`from the template, ${label} is ${JSON.stringify(got)}, not ${want}`);
  }
  await shot('14-template-filled');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('heading', { name: 'Plans' }).waitFor();
  const drafts = await apiCall(api, 'GET', '/api/plans?status=DRAFT&symbol=AAPL&limit=500', token, null);
  const made = drafts.find((p) => p.quantity === 132 && p.entry.price === '101.25' && p.stops[0].price === '99.75' && p.targets[0]?.price === '104.25');
  if (!made) throw new Error('no draft made from the template with its fields');
  await apiCall(api, 'POST', `/api/plans/${made.id}/cancel`, token, null);
  await apiCall(api, 'DELETE', `/api/templates/${encodeURIComponent(name)}`, token, null);
  log('template round trip: saved, filled a fresh form with equal fields, created the draft');

  // C. the flatten confirmation of a short names the order it sends: "Buy 3 AAPL ... close the short"
  const last = units((await apiCall(api, 'GET', '/api/market/prices/AAPL', token, null)).last);
  const short = await apiCall(api, 'POST', '/api/plans', token, {
    symbol: 'AAPL', side: 'SHORT', quantity: 3,
    entry: { condition: 'BELOW', price: text(((last + units('10')) / 100n) * 100n, 2) },
    stops: [{ price: text(((last + units('20')) / 100n) * 100n, 2) }],
  });
  await apiCall(api, 'POST', `/api/plans/${short.id}/activate`, token, null);
  for (let i = 0; ; i++) {
    const d = await apiCall(api, 'GET', `/api/plans/${short.id}`, token, null);
    if (d.plan.position === 3) break;
    if (i >= 120) throw new Error(`the short did not fill: ${d.plan.status} ${d.plan.position}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await go(`#/plan/${short.id}`);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await page.locator('.detail-head').getByRole('button', { name: 'Flatten' }).click();
  await expectText(page.locator('.detail-head [data-testid="confirm-text"]'), /^Buy 3 AAPL at market to close the short\?$/, 'the flatten confirmation of a short');
  await shot('15-flatten-short-confirm');
  await page.locator('.detail-head').getByRole('button', { name: 'Yes, flatten' }).click();
  await page.locator('[data-testid="detail-status"]', { hasText: 'Closed' }).waitFor({ timeout: liveMs });
  log('flatten of a short: "Buy 3 AAPL at market to close the short?", then closed');

  // D. phone width: the list and a plan page fit 390 px and their controls are on screen
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    const fits = async (what) => {
      const { scroll, inner, widest } = await page.evaluate(() => {
        // the element reaching furthest right that is not inside its own scroller: what to fix
        const scrolls = (el) => { for (let e = el.parentElement; e; e = e.parentElement) { if (/(auto|scroll|hidden)/.test(getComputedStyle(e).overflowX)) return true; } return false; };
        let far = null;
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth && !scrolls(el) && (far === null || r.right > far.right)) far = { right: Math.round(r.right), name: `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}` };
        }
        return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, widest: far };
      });
      if (scroll > inner) throw new Error(`${what} at 390 px is ${scroll} px wide: the page scrolls sideways (${JSON.stringify(widest)})`);
    };
    const onScreen = async (locator, what) => {
      await locator.scrollIntoViewIfNeeded();
      const box = await locator.boundingBox();
      if (!box || box.x < 0 || box.x + box.width > 390) throw new Error(`${what} is not within the 390 px screen: ${JSON.stringify(box)}`);
    };
    await go('#/');
    await page.getByRole('heading', { name: 'Plans' }).waitFor();
    await fits('the plans list');
    await onScreen(page.getByLabel('Symbol'), 'the symbol filter');
    await onScreen(page.locator('header.top').getByRole('link', { name: 'New plan' }), 'the New plan link');
    await page.getByLabel('Symbol').fill('AAPL');
    const rows = page.locator('[data-testid="ended-plans"] tbody tr');
    await page.locator(`[data-testid="ended-plans"] tr[data-plan-id="${short.id}"]`).waitFor({ timeout: liveMs });
    // the ended list is filtered by the server: its filtered page replaces the unfiltered one when
    // it arrives, so wait for that (the short was on the unfiltered first page already)
    const onlyAapl = () =>
      page.evaluate(() => {
        const s = [...document.querySelectorAll('[data-testid="ended-plans"] tbody tr th')].map((th) => th.textContent.trim());
        return s.length > 0 && s.every((x) => x === 'AAPL');
      });
    for (const until = Date.now() + liveMs; !(await onlyAapl()) && Date.now() < until; ) await page.waitForTimeout(200);
    const symbols = await rows.locator('th').allTextContents();
    if (symbols.some((s) => s.trim() !== 'AAPL')) throw new Error(`the symbol filter left other symbols: ${symbols.join(',')}`);
    await shot('16-phone-list');
    await go(`#/plan/${short.id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await fits('the plan page');
    await onScreen(page.locator('.detail-head').getByRole('button', { name: /Clone/ }), 'the Clone button');
    await shot('17-phone-plan');
    log('phone width: the filtered list and the plan page fit 390 px');
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  // leave the list unfiltered for the steps after these
  await go('#/');
  await page.getByLabel('Symbol').fill('');
  await page.getByLabel('Symbol').press('Enter');
  await page.locator('[data-testid="ended-plans"] tbody tr', { hasNotText: 'AAPL' }).first().waitFor({ timeout: liveMs });
}
