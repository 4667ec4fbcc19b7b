import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import type { paths } from "../generated/api-types.js";
import { SAMPLE_EVENT, TEST_API_KEY } from "../test/helpers/mixpeek-test-server.js";
import { extraHeadersOfClient, loadShippedClient } from "./lib/shipped-client.js";
import { formatMs, formatRatio, median, printTable, verdict } from "./lib/stats.js";

const BASE_URL = "https://api.mixpeek.com";
const PATH = "/v1/organizations/audit/logs/{audit_id}" as const;
const BODY = JSON.stringify(SAMPLE_EVENT);
const RESPONSE_HEADERS = {
  "content-type": "application/json",
  "content-length": String(Buffer.byteLength(BODY)),
};
const AUTH = { Authorization: `Bearer ${TEST_API_KEY}` };
/** Rounds of every variant, interleaved: ratios are taken within a round, then the median. */
const ROUNDS = 5;
const TIME_PER_TASK_MS = 400;

/** The same in-process fetch for every variant: a ready Response, so only client CPU counts. */
const inProcessFetch = (_input: Request | string): Promise<Response> =>
  Promise.resolve(new Response(BODY, { status: 200, headers: RESPONSE_HEADERS }));

const rawOpenapiFetch = createClient<paths>({
  baseUrl: BASE_URL,
  fetch: inProcessFetch,
  headers: AUTH,
});
const params = { params: { path: { audit_id: "audit_123" } } };

const BASELINE = "openapi-fetch client.GET";
const SAME_HEADERS = "openapi-fetch client.GET + the client's User-Agent";
const RAW_TRANSPORT = "mixpeek.raw.GET (same retry loop; body read, then handed on)";

async function variants(): Promise<Record<string, () => Promise<unknown>>> {
  const { createMixpeekClient } = await loadShippedClient();
  const options = { apiKey: TEST_API_KEY, baseUrl: BASE_URL, fetch: inProcessFetch };
  const validating = createMixpeekClient(options);
  const notValidating = createMixpeekClient({ ...options, validateResponses: false });
  const rawSameHeaders = createClient<paths>({
    baseUrl: BASE_URL,
    fetch: inProcessFetch,
    headers: { ...AUTH, ...(await extraHeadersOfClient()) },
  });
  return {
    "fetch + JSON.parse": async (): Promise<unknown> =>
      JSON.parse(
        await (
          await inProcessFetch(
            new Request(`${BASE_URL}/v1/organizations/audit/logs/audit_123`, { headers: AUTH }),
          )
        ).text(),
      ),
    [BASELINE]: () => rawOpenapiFetch.GET(PATH, params),
    [SAME_HEADERS]: () => rawSameHeaders.GET(PATH, params),
    [RAW_TRANSPORT]: () => notValidating.raw.GET(PATH, params),
    "getAuditLog, validateResponses: false": () => notValidating.getAuditLog("audit_123"),
    "getAuditLog (default: validates)": () => validating.getAuditLog("audit_123"),
  };
}

/**
 * The validation issue's budget. The in-process call rate of the wrapper has none (retired: a
 * real call costs milliseconds; see the loopback section): it is reported for information.
 */
const VALIDATION_BUDGET = 0.8;

export async function benchClientOverhead(): Promise<void> {
  const VARIANTS = await variants();
  const p50 = new Map<string, number[]>(Object.keys(VARIANTS).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_PER_TASK_MS, warmupTime: 100 });
    for (const [name, fn] of Object.entries(VARIANTS)) bench.add(name, fn);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
      p50.get(task.name)!.push(result.latency.p50);
    }
  }
  const baseline = p50.get(BASELINE)!;
  const ratios = (name: string) => p50.get(name)!.map((ms, i) => baseline[i]! / ms);
  const rows = Object.keys(VARIANTS).map((name) => {
    const r = ratios(name);
    return [
      name,
      formatMs(median(p50.get(name)!)),
      `${Math.round(1000 / median(p50.get(name)!)).toLocaleString("en")}`,
      formatRatio(median(r)),
      `${formatRatio(Math.min(...r))}–${formatRatio(Math.max(...r))}`,
    ];
  });
  printTable(
    `Client call overhead, in process (same ready-made Response; median p50 of ${ROUNDS} interleaved rounds)`,
    ["variant", "p50 latency", "calls/s", `× ${BASELINE}`, "ratio range"],
    rows,
  );
  const wrapper = median(ratios("getAuditLog, validateResponses: false"));
  const transport = median(ratios(RAW_TRANSPORT));
  const own = median(
    p50
      .get("getAuditLog, validateResponses: false")!
      .map((ms, i) => p50.get(SAME_HEADERS)![i]! / ms),
  );
  const validationRatios = p50
    .get("getAuditLog, validateResponses: false")!
    .map((ms, i) => ms / p50.get("getAuditLog (default: validates)")![i]!);
  console.log(
    `getAuditLog without validation / raw openapi-fetch = ${formatRatio(wrapper)} (for information)`,
  );
  console.log(
    `getAuditLog without validation / openapi-fetch sending the same headers = ${formatRatio(own)} (the wrapper's own cost)`,
  );
  console.log(
    `raw.GET through the retry loop (nothing fails) / raw openapi-fetch = ${formatRatio(transport)}`,
  );
  console.log(
    `getAuditLog with validation / without = ${formatRatio(median(validationRatios))}: ${verdict(median(validationRatios), VALIDATION_BUDGET, "at least")}`,
  );
}
