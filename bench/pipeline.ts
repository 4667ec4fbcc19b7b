import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runPipeline } from "../scripts/lib/pipeline.js";
import {
  GENERATED_DIR,
  projectLayout,
  REDOCLY_CONFIG_PATH,
  SPEC_PATH,
} from "../scripts/lib/project.js";
import { stageProject } from "../scripts/lib/staging.js";
import { syntheticSpec } from "./synthetic-spec.js";
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
const SPEC_UPDATE = [path.join(ROOT, "scripts/run.mjs"), "spec-update"];

/** Alternating runs per variant on the vendored spec: enough for a stable median of start-ups. */
const RUNS = 7;
const SIZES = [10, 100, 1_000, 3_000];
/**
 * Budget from issue 13 (no private Node internals, so no code cache for TypeScript): one process
 * must take at most 0.6× the naive sequence.
 */
const IN_PROCESS_BUDGET = 0.6;

export async function benchPipeline(): Promise<void> {
  await compareWithNaiveSequence();
  await scaleWithSpecSize();
  await specUpdateOnLargeSpec();
}

/** A spec bump of a large spec, every step included (lint, diff, regenerate, tsc in staging). */
async function specUpdateOnLargeSpec(): Promise<void> {
  const paths = 1_000;
  const staged = await stageProject(projectLayout(ROOT));
  const source = path.join(staged.layout.root, "next-spec.json");
  try {
    const current = await syntheticSpec(ROOT, paths);
    await writeFile(staged.layout.specFile, JSON.stringify(current, null, 2));
    for (const file of (await runPipeline(staged.layout)).files)
      await writeFile(file.path, file.content);
    // The next version: one new optional response property, as in the 0.81 → 0.82 bump.
    const next = structuredClone(current) as {
      info: { version: string };
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    next.info.version = "0.83";
    next.components.schemas.AuditEventResponse!.properties.region = {
      anyOf: [{ type: "string" }, { type: "null" }],
    };
    const text = JSON.stringify(next, null, 2);
    await writeFile(source, text);
    const run = runNodeSequence(
      [[...SPEC_UPDATE, source, "--root", staged.layout.root, "--dry-run"]],
      { cwd: staged.layout.root },
    );
    printTable(
      "spec:update on a large spec (--dry-run; every step: read, lint, diff, regenerate, type-check in staging)",
      ["spec", "size", "time", "peak RSS"],
      [
        [
          `${paths + 1} paths`,
          formatBytes(Buffer.byteLength(text)),
          formatMs(run.ms),
          formatBytes(run.maxRssBytes),
        ],
      ],
    );
  } finally {
    await staged.remove();
  }
}

/** `npm run check:generated` (one process) against the same work as three CLIs, side by side. */
async function compareWithNaiveSequence(): Promise<void> {
  const out = await mkdtemp(path.join(tmpdir(), "mixpeek-naive-"));
  const inProcess = [[...GENERATE, "--check"]];
  const naive = [
    [bin("@redocly/cli/bin/cli.js"), "lint", SPEC_PATH, "--config", REDOCLY_CONFIG_PATH],
    [
      bin("openapi-typescript/bin/cli.js"),
      SPEC_PATH,
      "-o",
      path.join(out, "api-types.ts"),
      "--root-types",
      "--root-types-no-schema-prefix",
      "--root-types-keep-casing",
    ],
    [bin("prettier/bin/prettier.cjs"), "--check", `${GENERATED_DIR}/`],
  ];
  const runs: { inProcess: ChildRun[]; naive: ChildRun[] } = { inProcess: [], naive: [] };
  try {
    for (let i = 0; i < RUNS; i++) {
      runs.inProcess.push(runNodeSequence(inProcess, { cwd: ROOT }));
      runs.naive.push(runNodeSequence(naive, { cwd: ROOT }));
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  const ms = (list: ChildRun[]) => list.map((r) => r.ms);
  const ratio = median(ms(runs.inProcess)) / median(ms(runs.naive));
  printTable(
    `Pipeline on the vendored spec: in-process check vs three CLIs (median of ${RUNS}, wall time incl. start-up)`,
    ["variant", "median", "p10–p90 spread", "peak RSS", "ratio"],
    [
      [
        "naive: redocly lint && openapi-typescript && prettier --check",
        formatMs(median(ms(runs.naive))),
        pct(spread(ms(runs.naive))),
        formatBytes(Math.max(...runs.naive.map((r) => r.maxRssBytes))),
        formatRatio(1),
      ],
      [
        "npm run check:generated (one process)",
        formatMs(median(ms(runs.inProcess))),
        pct(spread(ms(runs.inProcess))),
        formatBytes(Math.max(...runs.inProcess.map((r) => r.maxRssBytes))),
        formatRatio(ratio),
      ],
    ],
  );
  console.log(
    `in-process / naive = ${formatRatio(ratio)}: ${verdict(ratio, IN_PROCESS_BUDGET, "at most")}`,
  );
}

/** The whole pipeline (generate, write mode) on synthetic specs of growing size. */
async function scaleWithSpecSize(): Promise<void> {
  const rows: string[][] = [];
  let previous: { paths: number; ms: number } | undefined;
  for (const extraPaths of SIZES) {
    const { root, specBytes } = await syntheticProject(ROOT, extraPaths);
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
