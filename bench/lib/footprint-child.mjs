// One measurement of a client's footprint in a fresh process (run with --expose-gc): how long its
// import takes, what building a client costs, and what heap its calls leave behind. The fetch is
// in-process, so what undici itself keeps per request (listeners on a signal) is not seen here;
// the client tests check the listener count on a shared signal instead. Plain
// JavaScript importing the shipped build, so no loader hook sits in the measured path.
// Usage: node --expose-gc footprint-child.mjs <openapi-fetch|mixpeek|mixpeek-signal> <dist entry URL> <event JSON file>
import { readFileSync } from "node:fs";

const [which, distEntry, eventFile] = process.argv.slice(2);
const BASE_URL = "https://api.mixpeek.com";
const KEY = "mxp_sk_bench";
const BODY = JSON.stringify(JSON.parse(readFileSync(eventFile, "utf8")));
const HEADERS = {
  "content-type": "application/json",
  "content-length": String(Buffer.byteLength(BODY)),
};
const fetch = () => Promise.resolve(new Response(BODY, { status: 200, headers: HEADERS }));
const PATH = "/v1/organizations/audit/logs/{audit_id}";
const CONSTRUCTIONS = 5_000;
const CALLS = 20_000;
const LONG_LIVED = new globalThis.AbortController();
const SETTLE_CYCLES = 10;

const importStarted = performance.now();
const build =
  which === "openapi-fetch"
    ? await import("openapi-fetch").then(({ default: createClient }) => () => {
        const client = createClient({
          baseUrl: BASE_URL,
          fetch,
          headers: { Authorization: `Bearer ${KEY}` },
        });
        return () => client.GET(PATH, { params: { path: { audit_id: "audit_123" } } });
      })
    : await import(distEntry).then(({ createMixpeekClient }) => () => {
        const client = createMixpeekClient({ apiKey: KEY, baseUrl: BASE_URL, fetch });
        // One signal for the process's lifetime, as a sync job passes its shutdown signal.
        const options = which === "mixpeek-signal" ? { signal: LONG_LIVED.signal } : {};
        return () => client.getAuditLog("audit_123", options);
      });
const importMs = performance.now() - importStarted;

const constructionStarted = performance.now();
for (let i = 0; i < CONSTRUCTIONS; i++) build();
const constructionMicros = ((performance.now() - constructionStarted) * 1000) / CONSTRUCTIONS;

const call = build();
const settledHeap = async () => {
  // Ten collections, 20 ms apart: FinalizationRegistry callbacks and weak references (undici's
  // request signals, AbortSignal.any's dependants) are cleared over several cycles, and two
  // left a kilobyte per call of garbage still counted.
  for (let i = 0; i < SETTLE_CYCLES; i++) {
    globalThis.gc();
    await new Promise((resolve) => globalThis.setTimeout(resolve, 20));
  }
  return process.memoryUsage().heapUsed;
};
for (let i = 0; i < 2_000; i++) await call(); // warm-up: JIT, caches, pools
const before = await settledHeap();
for (let i = 0; i < CALLS / 32; i++) await Promise.all(Array.from({ length: 32 }, call));
const after = await settledHeap();

process.stdout.write(
  JSON.stringify({
    importMs,
    constructionMicros,
    retainedBytesPerCall: (after - before) / CALLS,
    heapAfter: after,
  }),
);
