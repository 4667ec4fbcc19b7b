import { spawn } from "node:child_process";
import path from "node:path";
import createClient from "openapi-fetch";
import type { paths } from "../generated/api-types.js";
import { extraHeadersOfClient, loadShippedClient } from "./lib/shipped-client.js";
import { formatMs, formatRatio, median, percentile, printTable, verdict } from "./lib/stats.js";

const KEY = "mxp_sk_bench";
const PATH = "/v1/organizations/audit/logs/{audit_id}" as const;
const REQUESTS = 1_500;
const CONCURRENCY = 32;
/** Many short rounds: a ratio's median over more pairs resists the noise of two shared cores. */
const ROUNDS = 15;
/** The client issue's budget: median of per-round ratios against openapi-fetch sending the same headers. */
const BUDGET = 0.9;
const BASELINE = "openapi-fetch client.GET";
const SAME_HEADERS = "openapi-fetch client.GET + the client's User-Agent";

type Call = () => Promise<unknown>;

export async function benchLoopback(): Promise<void> {
  const server = spawn(
    process.execPath,
    [path.join(import.meta.dirname, "lib/loopback-server.mjs")],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const baseUrl = await new Promise<string>((resolve) =>
      server.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
    );
    const { createMixpeekClient } = await loadShippedClient();
    const raw = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${KEY}` } });
    const rawSameHeaders = createClient<paths>({
      baseUrl,
      headers: { Authorization: `Bearer ${KEY}`, ...(await extraHeadersOfClient()) },
    });
    const validating = createMixpeekClient({ apiKey: KEY, baseUrl });
    const plain = createMixpeekClient({ apiKey: KEY, baseUrl, validateResponses: false });
    const url = `${baseUrl}/v1/organizations/audit/logs/audit_123`;
    const variants: Record<string, Call> = {
      "fetch + JSON.parse": async () =>
        JSON.parse(
          await (await fetch(url, { headers: { Authorization: `Bearer ${KEY}` } })).text(),
        ) as unknown,
      [BASELINE]: () => raw.GET(PATH, { params: { path: { audit_id: "audit_123" } } }),
      [SAME_HEADERS]: () =>
        rawSameHeaders.GET(PATH, { params: { path: { audit_id: "audit_123" } } }),
      "getAuditLog, validateResponses: false": () => plain.getAuditLog("audit_123"),
      "getAuditLog (default: validates)": () => validating.getAuditLog("audit_123"),
    };
    for (const concurrency of [1, CONCURRENCY]) {
      const results = new Map<string, { rps: number[]; cpu: number[]; latencies: number[] }>();
      for (const name of Object.keys(variants))
        results.set(name, { rps: [], cpu: [], latencies: [] });
      for (const call of Object.values(variants)) await load(call, 200, concurrency); // warm-up, keep-alive sockets open
      const entries = Object.entries(variants);
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with a different variant, so none always runs first (or last).
        const order = [
          ...entries.slice(round % entries.length),
          ...entries.slice(0, round % entries.length),
        ];
        for (const [name, call] of order) {
          const run = await load(call, REQUESTS, concurrency);
          results.get(name)!.rps.push(run.rps);
          results.get(name)!.cpu.push(run.cpuMicrosPerCall);
          results.get(name)!.latencies.push(...run.latencies);
        }
      }
      const baseline = results.get(BASELINE)!;
      const rows = [...results].map(([name, r]) => {
        const ratios = r.rps.map((rps, i) => rps / baseline.rps[i]!);
        const cpuRatios = r.cpu.map((cpu, i) => baseline.cpu[i]! / cpu);
        return [
          name,
          Math.round(median(r.rps)).toLocaleString("en"),
          formatMs(percentile(r.latencies, 50)),
          formatMs(percentile(r.latencies, 99)),
          formatRatio(median(ratios)),
          `${formatRatio(percentile(ratios, 25))}–${formatRatio(percentile(ratios, 75))}`,
          `${median(r.cpu).toFixed(0)} µs`,
          formatRatio(median(cpuRatios)),
        ];
      });
      printTable(
        `End to end on loopback (node:http keep-alive server in its own process), ${concurrency === 1 ? "sequential" : `${concurrency} concurrent`}: ${REQUESTS} requests × ${ROUNDS} interleaved rounds`,
        [
          "variant",
          "req/s (median)",
          "p50",
          "p99",
          `× ${BASELINE}`,
          "ratio p25–p75",
          "client CPU/call",
          "CPU ratio",
        ],
        rows,
      );
      const sameHeaders = results.get(SAME_HEADERS)!;
      for (const name of [
        "getAuditLog, validateResponses: false",
        "getAuditLog (default: validates)",
      ]) {
        const rps = results.get(name)!.rps;
        const ratio = median(rps.map((r, i) => r / sameHeaders.rps[i]!));
        const vsRaw = median(rps.map((r, i) => r / baseline.rps[i]!));
        console.log(
          `${name} / openapi-fetch sending the same headers = ${formatRatio(ratio)}: ${verdict(ratio, BUDGET, "at least")} (/ raw openapi-fetch: ${formatRatio(vsRaw)})`,
        );
      }
      const own = median(
        results
          .get("getAuditLog, validateResponses: false")!
          .cpu.map((cpu, i) => sameHeaders.cpu[i]! / cpu),
      );
      console.log(
        `client CPU per call, openapi-fetch sending the same headers / getAuditLog = ${formatRatio(own)}`,
      );
    }
  } finally {
    server.kill("SIGTERM");
  }
}

/**
 * `total` calls, `concurrency` at a time; every call timed. Also the CPU time this process spent
 * per call: the server runs elsewhere, so that is the client's own cost, and it is far less
 * disturbed than throughput when the two processes compete for two shared cores.
 */
async function load(
  call: Call,
  total: number,
  concurrency: number,
): Promise<{ rps: number; cpuMicrosPerCall: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const started = performance.now();
      await call();
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: total / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (cpu.user + cpu.system) / total,
    latencies,
  };
}
