import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as prettier from "prettier";
import {
  GENERATED_DIR,
  GENERATED_FILES,
  PRETTIER_CONFIG_PATH,
  REDOCLY_CONFIG_PATH,
  SPEC_PATH,
} from "../scripts/lib/project.js";
import { FASTAPI_SHAPE, fastApiSpec, syntheticSpec } from "./synthetic-spec.js";
import { runNodeSequence, type ChildRun } from "./lib/measure-child.js";
import {
  formatBytes,
  formatMs,
  formatRatio,
  median,
  printTable,
  spread,
  verdict,
} from "./lib/stats.js";
import { syntheticProject } from "./lib/synthetic-project.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (relPath: string) => path.join(ROOT, "node_modules", relPath);
/** What `npm run generate` runs: one Node process (see scripts/run.mjs). */
const GENERATE = [path.join(ROOT, "scripts/run.mjs"), "generate"];

/** Alternating runs per variant on the vendored spec: enough for a stable median of start-ups. */
const RUNS = 7;
const SIZES = [10, 100, 1_000, 3_000];
/**
 * Budget from issue 13 (no private Node internals, so no code cache for TypeScript): one process
 * must take at most 0.6× the naive sequence.
 */
const IN_PROCESS_BUDGET = 0.6;
/** Alternating runs per variant on the 4 MB spec: each naive run takes tens of seconds. */
const BIG_RUNS = 3;
/** Budgets from the spec-bump issue, on the 4 MB spec: time and peak RSS against the naive CLIs. */
const BIG_TIME_BUDGET = 0.6;
const BIG_RSS_BUDGET = 1.25;

export async function benchPipeline(): Promise<void> {
  await compareWithNaiveSequence();
  await scaleWithSpecSize();
}

/** `npm run check:generated` (one process) against the same work as three CLIs, side by side. */
async function compareWithNaiveSequence(): Promise<void> {
  const result = await checkVersusNaive(ROOT, RUNS);
  printComparison(`the vendored spec (median of ${RUNS}`, result);
  console.log(
    `in-process / naive = ${formatRatio(result.timeRatio)}: ${verdict(result.timeRatio, IN_PROCESS_BUDGET, "at most")}`,
  );
}

/**
 * The same comparison on a document of Mixpeek's full size with FastAPI's names
 * (`npm run bench -- pipeline-big`): time and peak RSS, both against budgets.
 */
export async function benchPipelineBig(): Promise<void> {
  const { root, specBytes } = await syntheticProject(ROOT, await fastApiSpec(ROOT));
  try {
    runNodeSequence([[...GENERATE, "--root", root]], { cwd: root });
    const result = await checkVersusNaive(root, BIG_RUNS);
    const { paths, schemas } = FASTAPI_SHAPE;
    printComparison(
      `a FastAPI-shaped spec: ${formatBytes(specBytes)} of JSON, ${paths + 1} paths, ${schemas} schemas (median of ${BIG_RUNS}`,
      result,
    );
    console.log(
      `time: in-process / naive = ${formatRatio(result.timeRatio)}: ${verdict(result.timeRatio, BIG_TIME_BUDGET, "at most")}`,
    );
    console.log(
      `peak RSS: in-process / largest CLI = ${formatRatio(result.rssRatio)}: ${verdict(result.rssRatio, BIG_RSS_BUDGET, "at most")}`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

interface Comparison {
  readonly naive: readonly ChildRun[];
  readonly inProcess: readonly ChildRun[];
  /** Median time of the check ÷ median time of the three CLIs. */
  readonly timeRatio: number;
  /** Largest peak RSS of the check ÷ largest peak RSS of any of the three CLI processes. */
  readonly rssRatio: number;
}

/**
 * Alternating runs of `check:generated` on the project at `root` and of the naive sequence on
 * its spec: `redocly lint`, `openapi-typescript` (to a temp file), `prettier --check` of the
 * types as a project formatting them with prettier would commit them.
 */
async function checkVersusNaive(root: string, runs: number): Promise<Comparison> {
  const out = await mkdtemp(path.join(tmpdir(), "mixpeek-naive-"));
  try {
    const prettierConfig = path.join(root, PRETTIER_CONFIG_PATH);
    const formatted = path.join(out, GENERATED_FILES.apiTypes);
    const options = await prettier.resolveConfig(formatted, { config: prettierConfig });
    const types = await readFile(path.join(root, GENERATED_DIR, GENERATED_FILES.apiTypes), "utf8");
    await writeFile(formatted, await prettier.format(types, { ...options, filepath: formatted }));
    const naive = [
      [bin("@redocly/cli/bin/cli.js"), "lint", SPEC_PATH, "--config", REDOCLY_CONFIG_PATH],
      [
        bin("openapi-typescript/bin/cli.js"),
        SPEC_PATH,
        "-o",
        path.join(out, "openapi-typescript.ts"),
        "--root-types",
        "--root-types-no-schema-prefix",
        "--root-types-keep-casing",
      ],
      [bin("prettier/bin/prettier.cjs"), "--check", formatted, "--config", prettierConfig],
    ];
    const inProcess = [[...GENERATE, "--check", "--root", root]];
    const measured: { inProcess: ChildRun[]; naive: ChildRun[] } = { inProcess: [], naive: [] };
    for (let i = 0; i < runs; i++) {
      measured.inProcess.push(runNodeSequence(inProcess, { cwd: root }));
      measured.naive.push(runNodeSequence(naive, { cwd: root }));
    }
    const ms = (list: ChildRun[]) => median(list.map((r) => r.ms));
    const rss = (list: ChildRun[]) => Math.max(...list.map((r) => r.maxRssBytes));
    return {
      ...measured,
      timeRatio: ms(measured.inProcess) / ms(measured.naive),
      rssRatio: rss(measured.inProcess) / rss(measured.naive),
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function printComparison(what: string, result: Comparison): void {
  const row = (variant: string, list: readonly ChildRun[], timeRatio: number, rssRatio: number) => {
    const ms = list.map((r) => r.ms);
    return [
      variant,
      formatMs(median(ms)),
      pct(spread(ms)),
      formatBytes(Math.max(...list.map((r) => r.maxRssBytes))),
      formatRatio(timeRatio),
      formatRatio(rssRatio),
    ];
  };
  printTable(
    `Pipeline on ${what}, wall time incl. start-up): in-process check vs three CLIs`,
    [
      "variant",
      "median",
      "p10–p90 spread",
      "peak RSS (largest process)",
      "time ratio",
      "RSS ratio",
    ],
    [
      row("naive: redocly lint && openapi-typescript && prettier --check", result.naive, 1, 1),
      row(
        "npm run check:generated (one process)",
        result.inProcess,
        result.timeRatio,
        result.rssRatio,
      ),
    ],
  );
}

/** The whole pipeline (generate, write mode) on synthetic specs of growing size. */
async function scaleWithSpecSize(): Promise<void> {
  const rows: string[][] = [];
  let previous: { paths: number; ms: number } | undefined;
  for (const extraPaths of SIZES) {
    const { root, specBytes } = await syntheticProject(ROOT, await syntheticSpec(ROOT, extraPaths));
    try {
      const run = runNodeSequence([[...GENERATE, "--root", root]], { cwd: root });
      const paths = extraPaths + 1;
      const growth = previous ? run.ms / previous.ms / (paths / previous.paths) : undefined;
      rows.push([
        String(paths),
        formatBytes(specBytes),
        formatMs(run.ms),
        `${(run.ms / paths).toFixed(2)} ms`,
        growth === undefined ? "-" : formatRatio(growth),
        formatBytes(run.maxRssBytes),
      ]);
      previous = { paths, ms: run.ms };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  printTable(
    "Pipeline scale: `npm run generate` on synthetic specs (one run each, wall time incl. start-up)",
    ["paths", "spec JSON", "time", "per path", "time growth ÷ size growth", "peak RSS"],
    rows,
  );
  console.log(
    "A growth ratio near 1× (or below, as start-up amortises) means time grows linearly with the spec.",
  );
}

/** p10–p90 spread as a share of the median. */
function pct(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}
