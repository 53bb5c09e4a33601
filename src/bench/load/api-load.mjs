// The API under load (issue 16, point 4; ./tradeplan bench api, docs/benchmarks.md "The API under
// load"). Against a running server (demo mode: the operator oscar), for each number of traders:
// creates the traders and links them to the gateway's account, logs them in, gives each one watched
// plan, opens one live-update subscription (STOMP over the ws package) per trader, reads the server's
// tick-to-decision histogram over a quiet phase, then lets autocannon drive every trader's
// connection through a cycle of reads, a creation and commands (list, create, activate, read,
// cancel) for the load phase while the histogram is read again. In both phases alice activates one
// plan a second whose entry the next tick crosses: the histogram counts only ticks that decide. Writes OUT (api.json), read by the
// Java report (report.ApiReport).
//
// usage: node api-load.mjs --base URL --traders 100[,1000] --duration S --quiet S --out FILE
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const base = args.base ?? 'http://127.0.0.1:8080';
const duration = Number(args.duration ?? 20);
const quiet = Number(args.quiet ?? 15);
const traderCounts = String(args.traders ?? '100').split(',').map(Number);
const out = args.out ?? 'api.json';
// What each connection does under load: 'trader' (the default: list, create, activate, read,
// cancel, which read and write the store) or 'prices' (only GET /api/market/prices, answered from
// memory after the session lookup): the same HTTP work without the store's, to tell their costs apart.
const mix = args.mix ?? 'trader';
if (!['trader', 'prices'].includes(mix)) throw new Error(`--mix must be trader or prices, not ${mix}`);
const METRIC = 'tradeplan_engine_tick_to_decision_seconds_bucket';

const key = () => randomBytes(16).toString('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, path, token, body, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : null };
}

// The set-up's calls (not measured) as an API client should make them: a 429 of the per-user command
// limit (10/s) or a 503 of the server's admission control (api-busy: nothing was done) is retried
// after its Retry-After, at most 60 times. The operator creates and links every trader, and on a
// quiet machine that outruns the operator's own limit.
async function setupCall(method, path, token, body, headers = {}) {
  for (let attempt = 0; ; attempt++) {
    const r = await call(method, path, token, body, headers);
    if ((r.status !== 429 && r.status !== 503) || attempt >= 60) return r;
    await sleep(1000 * Number(r.headers?.get('retry-after') ?? 1));
  }
}

// `starting`: the demo users are created just after the HTTP port opens, so a 401 is retried too
async function login(username, password, starting = false) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const r = await call('POST', '/api/auth/login', null, { username, password }).catch((e) => {
      if (!starting) throw e;
      return { status: 0, text: String(e) }; // the server still starting: its port refused or reset
    });
    if (r.status === 200) return r.json.token;
    const retry = r.status === 503 || r.status === 429 || (starting && (r.status === 401 || r.status === 0));
    if (!retry) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    await sleep(1000);
  }
  throw new Error(`login ${username}: still busy after 60 s`);
}

/** Runs fn over items, at most `width` at once. */
async function eachLimited(items, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** The plan every trader watches and creates again under load: far from the market, never triggered. */
function draft(symbol, last) {
  const cents = Math.round(last * 100);
  const price = (c) => (c / 100).toFixed(2);
  return {
    symbol,
    side: 'LONG',
    quantity: 10,
    entry: { condition: 'ABOVE', price: price(cents * 3) },
    stops: [{ price: price(Math.round(cents / 2)) }],
    targets: [{ price: price(cents * 4) }],
  };
}

async function activate(token, id) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = await setupCall('POST', `/api/plans/${id}/activate`, token, null, { 'idempotency-key': key() });
    if (r.status === 200) return;
    // a symbol's first activation waits for IB's contract details
    if (!(r.status === 409 && r.text.includes('contract details'))) throw new Error(`activate: ${r.status} ${r.text}`);
    await sleep(200);
  }
  throw new Error('activate: no contract details after 20 s');
}

/** The tick-to-decision histogram as cumulative counts by upper bound (seconds), summed over labels. */
async function histogram(opToken) {
  const r = await call('GET', '/actuator/prometheus', opToken);
  const buckets = new Map();
  for (const line of r.text.split('\n')) {
    if (!line.startsWith(METRIC)) continue;
    const le = /le="([^"]+)"/.exec(line)[1];
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/** Ticks and percentiles (the bucket's upper bound, in ms) of what was recorded between two reads. */
function between(before, after) {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const cumulative = bounds.map((b) => after.get(b) - (before.get(b) ?? 0));
  const total = cumulative[cumulative.length - 1] ?? 0;
  const at = (q) => {
    const i = cumulative.findIndex((c) => c >= q * total);
    return i < 0 || !Number.isFinite(bounds[i]) ? null : bounds[i] * 1000;
  };
  return total === 0 ? { ticks: 0 } : { ticks: total, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** One STOMP subscription per trader to its live updates; counts what arrives. */
function subscribe(tokens, ws) {
  const url = base.replace(/^http/, 'ws') + '/ws';
  return Promise.all(
    tokens.map(
      (token, i) =>
        new Promise((resolve) => {
          const socket = new WebSocket(url);
          ws.sockets.push(socket);
          const done = setTimeout(resolve, 10_000);
          socket.on('open', () =>
            socket.send(`CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\nAuthorization:Bearer ${token}\n\n\0`),
          );
          socket.on('message', (data) => {
            const frame = data.toString();
            if (frame.startsWith('CONNECTED')) {
              ws.connected++;
              socket.send(`SUBSCRIBE\nid:sub-${i}\ndestination:/user/queue/updates\n\n\0`);
              clearTimeout(done);
              resolve();
            } else if (frame.startsWith('MESSAGE')) {
              ws.messages++;
            } else if (frame.startsWith('ERROR')) {
              ws.errors++;
            }
          });
          socket.on('error', () => ws.errors++);
        }),
    ),
  );
}

/**
 * Tick to decision is recorded only for ticks that decide an order, so both phases need some: alice
 * activates, every `everyMs`, a plan whose entry the next tick of its symbol crosses (one cent
 * below the last price), rotating over the symbols, retrying a refusal of the server's admission
 * control (so the lanes get their decisions under load too). Stops when `state.stop` is set.
 */
async function decisions(alice, prices, state, everyMs = 1000) {
  const symbols = Object.keys(prices);
  for (let i = 0; !state.stop; i++) {
    const s = symbols[i % symbols.length];
    const last = Math.round(prices[s] * 100);
    const plan = {
      symbol: s,
      side: 'LONG',
      quantity: 1,
      entry: { condition: 'ABOVE', price: ((last - 1) / 100).toFixed(2) },
      stops: [{ price: ((last - 500) / 100).toFixed(2) }],
      targets: [{ price: ((last + 500) / 100).toFixed(2) }],
    };
    // as a client should: a 503 api-busy (nothing done) is retried with the same key
    const r = await setupCall('POST', '/api/plans', alice, plan, { 'idempotency-key': key() });
    if (r.status === 201) {
      const a = await setupCall('POST', `/api/plans/${planId(r.json)}/activate`, alice, null, { 'idempotency-key': key() });
      state.activated += a.status === 200 ? 1 : 0;
    }
    await sleep(everyMs);
  }
}

/** The demo symbols' last prices now, by symbol (empty when none is known yet). */
async function currentPrices(token) {
  const prices = {};
  const p = await setupCall('GET', '/api/market/prices', token);
  for (const [s, v] of Object.entries(p.json?.prices ?? p.json ?? {})) {
    const last = Number(v?.last ?? v?.price ?? v);
    if (last > 0) prices[s] = last;
  }
  return prices;
}

/**
 * A ladder of alice's plans around each symbol's price now: LONG entries above it and SHORT entries
 * below it, `rungs` a side, `stepCents` apart. Activated before a phase begins (its calls are not in
 * the phase), so that every tick that moves the price across a rung during the phase decides an
 * order on the lanes, whatever the load does to alice's own calls: the probe that activates a plan
 * a second (`decisions`) gets few of its calls through a saturated API. Returns the rungs activated.
 */
async function ladder(alice, rungs = 12, stepCents = 2) {
  const prices = await currentPrices(alice);
  let activated = 0;
  for (const [symbol, last] of Object.entries(prices)) {
    const c = Math.round(last * 100);
    const at = (cents) => (cents / 100).toFixed(2);
    for (let k = 1; k <= rungs; k++) {
      const up = c + k * stepCents;
      const down = c - k * stepCents;
      for (const plan of [
        { symbol, side: 'LONG', quantity: 1, entry: { condition: 'ABOVE', price: at(up) }, stops: [{ price: at(up - 500) }], targets: [{ price: at(up + 500) }] },
        { symbol, side: 'SHORT', quantity: 1, entry: { condition: 'BELOW', price: at(down) }, stops: [{ price: at(down + 500) }], targets: [{ price: at(down - 500) }] },
      ]) {
        const r = await setupCall('POST', '/api/plans', alice, plan, { 'idempotency-key': key() });
        if (r.status !== 201) continue; // e.g. the price moved past it meanwhile: one rung fewer
        const a = await setupCall('POST', `/api/plans/${planId(r.json)}/activate`, alice, null, { 'idempotency-key': key() });
        activated += a.status === 200 ? 1 : 0;
      }
    }
  }
  return activated;
}

async function phase(n, opToken, account, prices, alice) {
  const names = Array.from({ length: n }, (_, i) => `load${n}x${i}`);
  await eachLimited(names, 8, async (name) => {
    const c = await setupCall('POST', '/api/ops/users', opToken, { username: name, password: `${name}-load-password`, roles: ['TRADER'] });
    if (c.status !== 201 && c.status !== 200 && c.status !== 409) throw new Error(`create ${name}: ${c.status} ${c.text}`);
    const l = await setupCall('PUT', `/api/ops/users/${name}/account`, opToken, { account });
    if (l.status !== 200 && l.status !== 204) throw new Error(`link ${name}: ${l.status} ${l.text}`);
  });
  const tokens = [];
  await eachLimited(names, 2, async (name) => tokens.push(await login(name, `${name}-load-password`)));
  const symbols = Object.keys(prices);
  await eachLimited(tokens, 4, async (token) => {
    const s = symbols[tokens.indexOf(token) % symbols.length];
    const r = await setupCall('POST', '/api/plans', token, draft(s, prices[s]), { 'idempotency-key': key() });
    if (r.status !== 201) throw new Error(`create plan: ${r.status} ${r.text}`);
    await activate(token, planId(r.json));
  });
  const ws = { subscribers: n, connected: 0, messages: 0, errors: 0, sockets: [] };
  await subscribe(tokens, ws);

  const probes = { stop: false, activated: 0 };
  const restLadder = await ladder(alice);
  const probing = decisions(alice, prices, probes);
  const h0 = await histogram(opToken);
  await sleep(quiet * 1000);
  // the load phase's own ladder, around the price now; set before its window opens
  const loadLadder = await ladder(alice);
  const h1 = await histogram(opToken);
  const messagesBefore = ws.messages;

  let next = 0;
  const auth = (req, ctx) => {
    ctx.token ??= tokens[next++ % tokens.length];
    ctx.symbol ??= symbols[next % symbols.length];
    return { ...req, headers: { ...req.headers, authorization: `Bearer ${ctx.token}` } };
  };
  const command = (path) => (req, ctx) => {
    const r = auth(req, ctx);
    return { ...r, path: `/api/plans/${ctx.planId ?? 'none'}${path}`, headers: { ...r.headers, 'idempotency-key': key() } };
  };
  const result = await autocannon({
    url: base,
    connections: n,
    duration,
    timeout: 30,
    requests: mix === 'prices' ? [{ method: 'GET', path: '/api/market/prices', setupRequest: auth }] : [
      { method: 'GET', path: '/api/plans?limit=20', setupRequest: auth },
      {
        method: 'POST',
        path: '/api/plans',
        setupRequest: (req, ctx) => {
          const r = auth(req, ctx);
          return {
            ...r,
            headers: { ...r.headers, 'content-type': 'application/json', 'idempotency-key': key() },
            body: JSON.stringify(draft(ctx.symbol, prices[ctx.symbol])),
          };
        },
        onResponse: (status, body, ctx) => {
          ctx.planId = status === 201 ? planId(JSON.parse(body)) : undefined;
        },
      },
      { method: 'POST', setupRequest: command('/activate') },
      { method: 'GET', setupRequest: (req, ctx) => ({ ...auth(req, ctx), path: `/api/plans/${ctx.planId ?? 'none'}` }) },
      { method: 'POST', setupRequest: command('/cancel') },
    ],
  });
  const h2 = await histogram(opToken);
  probes.stop = true;
  await probing;
  for (const s of ws.sockets) s.close();
  const statusCodes = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = v.count;
  return {
    traders: n,
    mix,
    durationSeconds: duration,
    quietSeconds: quiet,
    requests: {
      total: result.requests.total,
      perSecond: result.requests.average,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
    },
    websocket: { subscribers: n, connected: ws.connected, messages: ws.messages - messagesBefore, errors: ws.errors },
    tickToDecision: { baseline: between(h0, h1), load: between(h1, h2), entriesActivated: probes.activated, ladderRungs: { rest: restLadder, load: loadLadder } },
  };
}

function planId(body) {
  return body.id ?? body.plan?.id ?? body.snapshot?.planId;
}

const opToken = await login('oscar', 'oscar-demo-password', true);
const users = await call('GET', '/api/ops/users?limit=100', opToken);
const account = (users.json.items ?? users.json.users ?? users.json).find((u) => u.account)?.account;
if (!account) throw new Error(`no demo user with an account: ${users.text.slice(0, 300)}`);
const alice = await login('alice', 'alice-demo-password');
// market data follows the plans: one watched plan of alice per demo symbol, far from any price
for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
  const far = { symbol, side: 'LONG', quantity: 1, entry: { condition: 'ABOVE', price: '9000.00' }, stops: [{ price: '1.00' }], targets: [{ price: '9500.00' }] };
  const r = await call('POST', '/api/plans', alice, far, { 'idempotency-key': key() });
  if (r.status !== 201) throw new Error(`alice's plan on ${symbol}: ${r.status} ${r.text}`);
  await activate(alice, planId(r.json));
}
const prices = {};
for (let i = 0; i < 60 && Object.keys(prices).length === 0; i++) {
  const p = await call('GET', '/api/market/prices', alice);
  for (const [s, v] of Object.entries(p.json?.prices ?? p.json ?? {})) {
    const last = Number(v?.last ?? v?.price ?? v);
    if (last > 0) prices[s] = last;
  }
  if (Object.keys(prices).length === 0) await sleep(1000);
}
if (Object.keys(prices).length === 0) throw new Error('no market prices after 60 s');
const runs = [];
for (const n of traderCounts) {
  console.log(`api load: ${n} traders`);
  runs.push(await phase(n, opToken, account, prices, alice));
  writeFileSync(out, JSON.stringify({ runs }, null, 2));
}
console.log(`api load: results in ${out}`);
process.exit(0);
