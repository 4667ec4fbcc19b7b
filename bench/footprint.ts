import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadShippedClient } from "./lib/shipped-client.js";
import { formatBytes, formatRatio, median, printTable } from "./lib/stats.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const CHILD = path.join(import.meta.dirname, "lib/footprint-child.mjs");
const EVENT = path.join(ROOT, "test/fixtures/audit-event.json");
const DIST_ENTRY = pathToFileURL(path.join(ROOT, "dist/src/index.js")).href;
/** Fresh processes per variant, in alternating order, so neither always runs first. */
const RUNS = 7;

interface Footprint {
  importMs: number;
  constructionMicros: number;
  retainedBytesPerCall: number;
  heapAfter: number;
}

const VARIANTS = {
  "openapi-fetch": "openapi-fetch",
  "mixpeek-audit (getAuditLog)": "mixpeek",
  "mixpeek-audit (getAuditLog, one long-lived signal)": "mixpeek-signal",
};

/**
 * What a serverless or long-running user pays besides per-call CPU: import time (cold start),
 * building a client, and heap left behind by calls (a leak shows as bytes retained per call).
 */
export async function benchFootprint(): Promise<void> {
  await loadShippedClient(); // builds dist/
  const runs = new Map<string, Footprint[]>(Object.keys(VARIANTS).map((name) => [name, []]));
  for (let i = 0; i < RUNS; i++) {
    const order = Object.entries(VARIANTS);
    if (i % 2 === 1) order.reverse();
    for (const [name, which] of order) {
      const output = execFileSync(
        process.execPath,
        ["--expose-gc", CHILD, which, DIST_ENTRY, EVENT],
        { cwd: ROOT, encoding: "utf8" },
      );
      runs.get(name)!.push(JSON.parse(output) as Footprint);
    }
  }
  const of = (name: string, key: keyof Footprint) => median(runs.get(name)!.map((r) => r[key]));
  const baseline = "openapi-fetch";
  printTable(
    `Footprint: fresh process per run, median of ${RUNS} (import in ms, construction in µs; heap after 10 GCs)`,
    [
      "client",
      "import",
      "× openapi-fetch",
      "new client",
      "× openapi-fetch",
      "retained/call (20k calls)",
      "heap after",
    ],
    Object.keys(VARIANTS).map((name) => [
      name,
      `${of(name, "importMs").toFixed(1)} ms`,
      formatRatio(of(name, "importMs") / of(baseline, "importMs")),
      `${of(name, "constructionMicros").toFixed(1)} µs`,
      formatRatio(of(name, "constructionMicros") / of(baseline, "constructionMicros")),
      `${of(name, "retainedBytesPerCall").toFixed(1)} B`,
      formatBytes(of(name, "heapAfter")),
    ]),
  );
  console.log(
    "Retained bytes per call near 0 (it can be negative: the heap before was not fully settled) means calls leave nothing behind.",
  );
}
