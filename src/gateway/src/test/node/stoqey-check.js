// Independent check: @stoqey/ib (an IB TWS API client we did not write) against the paper gateway.
// Usage: node stoqey-check.js PORT [CLIENT_ID]
// Prints "STOQEY-CHECK OK" and exits 0 when every assertion holds; otherwise prints why, exits 1.
"use strict";
const { IBApi, EventName } = require("@stoqey/ib");

const port = parseInt(process.argv[2], 10);
const clientId = parseInt(process.argv[3] || "7", 10);
const contract = { symbol: "AAPL", secType: "STK", exchange: "SMART", currency: "USD" };
const decodeErrors = [];
const errors = [];
const ib = new IBApi({ host: "127.0.0.1", port, clientId });

function fail(why) {
  console.error("STOQEY-CHECK FAILED: " + why);
  console.error("errors seen: " + JSON.stringify(errors));
  try { ib.disconnect(); } catch (e) { /* closing */ }
  process.exit(1);
}
function assert(cond, why) { if (!cond) fail(why); }
setTimeout(() => fail("timed out after 30 s"), 30000).unref();

// Resolves with the first event of `name` for which `pred` holds.
function waitFor(name, pred, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      if (pred(...args)) {
        ib.off(name, onEvent);
        clearTimeout(t);
        resolve(args);
      }
    };
    const t = setTimeout(() => {
      ib.off(name, onEvent);
      reject(new Error("no " + what + " within " + timeoutMs + " ms"));
    }, timeoutMs);
    ib.on(name, onEvent);
  });
}

// Collects events until `endName` fires.
function collectUntil(name, endName, start, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const got = [];
    const onEvent = (...args) => got.push(args);
    const onEnd = () => {
      ib.off(name, onEvent);
      ib.off(endName, onEnd);
      clearTimeout(t);
      resolve(got);
    };
    const t = setTimeout(() => reject(new Error("no " + what + " end within " + timeoutMs + " ms")), timeoutMs);
    ib.on(name, onEvent);
    ib.on(endName, onEnd);
    start();
  });
}

ib.on(EventName.error, (err, code, reqId) => {
  const msg = err && err.message ? err.message : String(err);
  errors.push({ code, reqId, msg });
  if (/Underrun|unprocessed data|Decoding error|No parser/.test(msg)) decodeErrors.push(msg);
});

async function main() {
  const ready = waitFor(EventName.nextValidId, () => true, 10000, "nextValidId");
  const accounts = waitFor(EventName.managedAccounts, () => true, 10000, "managedAccounts");
  ib.connect();
  const [firstId] = await ready;
  const [accountList] = await accounts;
  assert(Number.isInteger(firstId) && firstId > 0, "nextValidId " + firstId);
  assert(typeof accountList === "string" && accountList.length > 0, "managedAccounts " + accountList);
  const account = accountList.split(",")[0];

  // market data
  const tick = waitFor(EventName.tickPrice, (id, field, price) => id === 1 && field === 4 && price > 0, 10000, "LAST tickPrice");
  ib.reqMktData(1, contract, "", false, false);
  const [, , lastPrice] = await tick;

  // a market order fills, with execution and commission
  const mktId = firstId;
  const mktRef = "node1:ENTRY:0:1";
  const filled = waitFor(EventName.orderStatus, (id, status) => id === mktId && status === "Filled", 10000, "market order Filled");
  const exec = waitFor(EventName.execDetails, (reqId, c, e) => e.orderId === mktId, 10000, "execDetails of the market order");
  const commission = waitFor(EventName.commissionReport, () => true, 10000, "commissionReport");
  ib.placeOrder(mktId, contract, { action: "BUY", orderType: "MKT", totalQuantity: 10, orderRef: mktRef, transmit: true });
  const [, , , remaining, avgFillPrice] = await filled;
  assert(remaining === 0, "remaining after fill " + remaining);
  assert(avgFillPrice > 0, "avgFillPrice " + avgFillPrice);
  const [, execContract, execution] = await exec;
  assert(execution.orderRef === mktRef, "execution orderRef " + execution.orderRef);
  assert(execution.shares === 10 && execution.side === "BOT", "execution " + JSON.stringify(execution));
  assert(execContract.symbol === "AAPL", "execution symbol " + execContract.symbol);
  const [report] = await commission;
  assert(report.commission > 0 && report.currency === "USD", "commission " + JSON.stringify(report));

  // a limit far below the market works, shows in open orders, then is cancelled
  const lmtId = mktId + 1;
  const lmtRef = "node1:TARGET:0:1";
  const working = waitFor(EventName.orderStatus, (id, status) => id === lmtId && status === "Submitted", 10000, "limit order Submitted");
  ib.placeOrder(lmtId, contract, { action: "BUY", orderType: "LMT", totalQuantity: 5, lmtPrice: 1.25, tif: "DAY", orderRef: lmtRef, transmit: true });
  await working;
  const open = await collectUntil(EventName.openOrder, EventName.openOrderEnd, () => ib.reqOpenOrders(), 10000, "openOrder");
  const mine = open.find(([id]) => id === lmtId);
  assert(mine, "limit order missing from open orders: " + JSON.stringify(open.map(o => o[0])));
  const [, openContract, openOrder, openState] = mine;
  assert(openOrder.orderRef === lmtRef && openOrder.lmtPrice === 1.25 && openOrder.totalQuantity === 5,
    "open order fields " + JSON.stringify(openOrder));
  assert(openOrder.orderType === "LMT" && openOrder.action === "BUY" && openContract.symbol === "AAPL", "open order type/action");
  assert(openState.status === "Submitted", "open order state " + openState.status);
  assert(!open.find(([id]) => id === mktId), "filled market order must not be open");

  const cancelled = waitFor(EventName.orderStatus, (id, status) => id === lmtId && status === "Cancelled", 10000, "Cancelled status");
  ib.cancelOrder(lmtId);
  await cancelled;
  assert(errors.some(e => e.code === 202 && e.reqId === lmtId), "error 202 for the cancel");

  // executions and positions
  const execs = await collectUntil(EventName.execDetails, EventName.execDetailsEnd, () => ib.reqExecutions(3, {}), 10000, "execDetails");
  assert(execs.length === 1 && execs[0][0] === 3 && execs[0][2].orderRef === mktRef, "executions " + JSON.stringify(execs.map(e => e[2])));
  const positions = await collectUntil(EventName.position, EventName.positionEnd, () => ib.reqPositions(), 10000, "position");
  const aapl = positions.find(([acct, c]) => acct === account && c.symbol === "AAPL");
  assert(aapl && aapl[2] === 10, "AAPL position " + JSON.stringify(positions));

  // contract details: each symbol on its own tick grid, with its hours, then the end; every field
  // after the hours must decode in order (a shifted field ends in a decode error or a wrong value)
  const grids = [[41, "AAPL", 0.01], [42, "NICKEL", 0.05], [43, "PENNY", 0.0001]];
  const ticks = {};
  const ruleIds = {};
  for (const [reqId, symbol, tick] of grids) {
    const query = { symbol, secType: "STK", exchange: "SMART", currency: "USD", includeExpired: false };
    const details = await collectUntil(EventName.contractDetails, EventName.contractDetailsEnd,
      () => ib.reqContractDetails(reqId, query), 10000, "contractDetails of " + symbol);
    assert(details.length === 1 && details[0][0] === reqId, symbol + " contract details " + JSON.stringify(details));
    const d = details[0][1];
    assert(d.contract.symbol === symbol && d.contract.secType === "STK" && d.contract.conId > 0, symbol + " contract " + JSON.stringify(d.contract));
    assert(d.minTick === tick, symbol + " minTick " + d.minTick + ", expected " + tick);
    assert(d.timeZoneId === "US/Eastern" && /^\d{8}:(0930-\d{8}:1600|CLOSED);/.test(d.liquidHours), symbol + " hours " + d.timeZoneId + " " + d.liquidHours);
    assert(d.stockType === "COMMON" && d.minSize === 1 && d.sizeIncrement === 1, symbol + " trailing fields " + JSON.stringify(d));
    ticks[symbol] = d.minTick;
    assert(/^\d+,\d+$/.test(d.marketRuleIds) && d.validExchanges.split(",").length === 2,
      symbol + " market rule ids " + d.marketRuleIds + " for " + d.validExchanges);
    ruleIds[symbol] = parseInt(d.marketRuleIds.split(",")[0], 10);
  }

  // market rules: each symbol's rule as price bands; PENNY's is 0.0001 below $1 and 0.01 from $1
  const rules = {};
  for (const symbol of ["AAPL", "NICKEL", "PENNY"]) {
    const id = ruleIds[symbol];
    const rule = waitFor(EventName.marketRule, (ruleId) => ruleId === id, 10000, "marketRule " + id);
    ib.reqMarketRule(id);
    const [, increments] = await rule;
    rules[symbol] = increments;
  }
  const same = (got, want) => JSON.stringify(got) === JSON.stringify(want);
  assert(same(rules.AAPL, [{ lowEdge: 0, increment: 0.01 }]), "AAPL rule " + JSON.stringify(rules.AAPL));
  assert(same(rules.NICKEL, [{ lowEdge: 0, increment: 0.05 }]), "NICKEL rule " + JSON.stringify(rules.NICKEL));
  assert(same(rules.PENNY, [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }]),
    "PENNY rule " + JSON.stringify(rules.PENNY));
  const unknown = waitFor(EventName.error, (err, code, reqId) => code === 200 && reqId === 44, 10000, "error 200 for an unknown contract");
  ib.reqContractDetails(44, { symbol: "NOSUCH", secType: "STK", exchange: "SMART", currency: "USD", includeExpired: false });
  await unknown;

  assert(decodeErrors.length === 0, "decode errors: " + JSON.stringify(decodeErrors));
  console.log("STOQEY-CHECK OK " + JSON.stringify({ firstId, account, lastPrice, avgFillPrice, commission: report.commission, executions: execs.length, ticks, ruleIds }));
  ib.disconnect();
  process.exit(0);
}

main().catch((e) => fail(e.message));
