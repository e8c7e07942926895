// Live-collaboration load from real WebSocket clients (the `ws` package), for bench/live.sh.
// Prints one JSON line of figures. Usage:
//   node live-clients.mjs crowd PORT TOKEN WORKFLOW CLIENTS RELAYS HOLD_SECONDS
//     CLIENTS sockets on one workflow opened at once; then RELAYS messages from one of them
//     (10 a second), each timed at every other socket; held HOLD_SECONDS, then closed.
//   node live-clients.mjs spread PORT TOKEN WORKFLOWS_FILE CLIENTS PER_SECOND HOLD_SECONDS
//     CLIENTS sockets spread over the workflows of the file (one id a line), PER_SECOND a second.
//   node live-clients.mjs watch PORT TOKEN WORKFLOW CLIENTS SECONDS
//     CLIENTS sockets watching a workflow's runs for SECONDS; counts the run events they receive.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(process.env.WS_MODULE_DIR + '/');
const WebSocket = require('ws');
const [mode, port, token, target, ...rest] = process.argv.slice(2);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)].toFixed(1);
};

const errors = [];
const closes = {};
const clients = [];

function open(workflow, onMessage) {
  return new Promise((resolve) => {
    const started = now();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/v1/workflows/${workflow}/live`, {
      headers: { Authorization: `Bearer ${token}` }, perMessageDeflate: false,
    });
    const client = { socket, welcomedAfter: null, session: null, closed: false };
    clients.push(client);
    socket.on('message', (data) => {
      const text = data.toString();
      if (client.session === null && text.startsWith('{"type":"welcome"')) {
        client.session = JSON.parse(text).sessionId;
        client.welcomedAfter = now() - started;
        resolve(client);
        return;
      }
      if (onMessage) onMessage(client, text);
    });
    socket.on('error', (error) => { errors.push(error.message); resolve(client); });
    socket.on('close', (code) => {
      client.closed = true;
      if (!client.expectClose) closes[code] = (closes[code] || 0) + 1;
      resolve(client);
    });
  });
}

const heartbeats = setInterval(() => {
  for (const client of clients) {
    if (client.session && client.socket.readyState === WebSocket.OPEN) client.socket.send('{"type":"heartbeat"}');
  }
}, 10_000);

async function closeAll() {
  clearInterval(heartbeats);
  await Promise.all(clients.map((client) => new Promise((resolve) => {
    client.expectClose = true;
    if (client.closed || client.socket.readyState === WebSocket.CLOSED) return resolve();
    client.socket.on('close', resolve);
    client.socket.close(1000, 'bye');
    setTimeout(resolve, 5000);
  })));
}

function report(extra) {
  const joins = clients.filter((c) => c.welcomedAfter !== null).map((c) => c.welcomedAfter);
  console.log(JSON.stringify({
    clients: clients.length, welcomed: joins.length, joinP50Ms: percentile(joins, 50), joinP99Ms: percentile(joins, 99),
    errors: errors.length, firstErrors: [...new Set(errors)].slice(0, 3), unexpectedCloses: closes, ...extra,
  }));
}

if (mode === 'crowd') {
  const [count, relays, hold] = rest.map(Number);
  const latencies = [];
  const lastArrival = new Map();
  const begun = now();
  const joined = await Promise.all(Array.from({ length: count }, () => open(target, (client, text) => {
    if (text.startsWith('{"type":"relay"')) {
      const message = JSON.parse(text);
      const latency = now() - message.data.t;
      latencies.push(latency);
      lastArrival.set(message.data.n, Math.max(lastArrival.get(message.data.n) || 0, latency));
    }
  })));
  const allJoinedMs = now() - begun;
  await sleep(1000);
  const sender = joined.find((c) => c.session && !c.closed);
  for (let n = 0; n < relays; n++) {
    sender.socket.send(JSON.stringify({ type: 'cursor', n, t: now(), x: n, y: n }));
    await sleep(100);
  }
  await sleep(2000);
  await sleep(Math.max(0, hold * 1000 - 2000));
  const expected = relays * (joined.filter((c) => c.session).length - 1);
  report({ allJoinedMs: +allJoinedMs.toFixed(0), deliveries: latencies.length, expectedDeliveries: expected,
    fanoutP50Ms: percentile(latencies, 50), fanoutP99Ms: percentile(latencies, 99),
    lastRecipientP99Ms: percentile([...lastArrival.values()], 99) });
  await closeAll();
} else if (mode === 'spread') {
  const [count, perSecond, hold] = rest.map(Number);
  const workflows = readFileSync(target, 'utf8').split('\n').filter(Boolean);
  const begun = now();
  const pending = [];
  for (let i = 0; i < count; i++) {
    pending.push(open(workflows[i % workflows.length]));
    if ((i + 1) % Math.max(1, Math.floor(perSecond / 10)) === 0) await sleep(100);
  }
  await Promise.all(pending);
  const allJoinedMs = now() - begun;
  console.error(`all ${count} sockets open; holding ${hold} s`);
  await sleep(hold * 1000);
  report({ allJoinedMs: +allJoinedMs.toFixed(0) });
  await closeAll();
} else if (mode === 'watch') {
  const [count, seconds] = rest.map(Number);
  let events = 0;
  await Promise.all(Array.from({ length: count }, () => open(target, (client, text) => {
    events += (text.match(/"type":"execution\./g) || []).length;  // a frame may hold an array of events
  })));
  console.error(`${count} watchers on; watching ${seconds} s`);
  await sleep(seconds * 1000);
  report({ runEventsReceived: events });
  await closeAll();
}
process.exit(0);
