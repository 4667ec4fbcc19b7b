import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { REDOCLY_CONFIG_PATH, SPEC_PATH } from "../scripts/lib/project.js";
import {
  UPSTREAM,
  upstreamDocument,
  type RawDocument,
} from "../test/helpers/upstream-documents.js";
import { runNodeSequence, type ChildRun } from "./lib/measure-child.js";
import { stageProject } from "./lib/staged-project.js";
import {
  formatBytes,
  formatMs,
  formatRatio,
  median,
  printTable,
  spread,
  verdict,
} from "./lib/stats.js";

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   the documents are edited as raw JSON */

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (relPath: string) => path.join(ROOT, "node_modules", relPath);
const SPEC_UPDATE = [path.join(ROOT, "scripts/run.mjs"), "spec-update"];
/** Alternating runs per variant: the naive sequence takes ~10 s a run. */
const RUNS = 5;
/** Budget from issue 16: a dry run on a full document ≤ 0.6× what a maintainer runs by hand. */
const BUDGET = 0.6;
const AUDIT = "/v1/organizations/audit/logs/{audit_id}";

/**
 * `spec:update --dry-run` on Mixpeek's newest full document (4 MB, 318 paths), with the 0.82 docs
 * page vendored, against what a maintainer would run by hand on the same file: `redocly lint`,
 * `openapi-typescript`, and `tsc --noEmit` of the project. Two documents: one that changes the
 * wrapped part (raised to 0.83, the page's audit schemas, one optional property added), and one
 * whose part is the vendored one (unchanged), next to a process that only reads and parses it.
 */
export async function benchSpecUpdate(): Promise<void> {
  const staged = await stageProject(ROOT);
  const work = await mkdtemp(path.join(tmpdir(), "mixpeek-bench-bump-"));
  try {
    const page = parseYaml(await readFile(path.join(ROOT, SPEC_PATH), "utf8")) as RawDocument;
    const changed = path.join(work, "mixpeek-openapi-0.83.json");
    const unchanged = path.join(work, "mixpeek-openapi-0.82.json");
    const changedText = JSON.stringify(
      await fullDocument(page, (document) => {
        document.info.version = "0.83";
        document.components.schemas.AuditEventResponse.properties.region = {
          anyOf: [{ type: "string" }, { type: "null" }],
          title: "Region",
        };
      }),
      null,
      2,
    );
    await writeFile(changed, changedText);
    await writeFile(unchanged, JSON.stringify(await fullDocument(page, () => {}), null, 2));

    const types = path.join(work, "api-types.ts");
    const naive = [
      [
        bin("@redocly/cli/bin/cli.js"),
        "lint",
        changed,
        "--config",
        path.join(ROOT, REDOCLY_CONFIG_PATH),
      ],
      [bin("openapi-typescript/bin/cli.js"), changed, "-o", types],
      [bin("typescript/bin/tsc"), "--noEmit", "-p", path.join(ROOT, "tsconfig.json")],
    ];
    const read = [
      ["-e", `JSON.parse(require("node:fs").readFileSync(${JSON.stringify(unchanged)}, "utf8"))`],
    ];
    const variants = {
      naive: { commands: naive, okExitCodes: [0, 1] },
      changed: {
        commands: [[...SPEC_UPDATE, changed, "--dry-run", "--root", staged.layout.root]],
        okExitCodes: [0],
      },
      unchanged: {
        commands: [[...SPEC_UPDATE, unchanged, "--dry-run", "--root", staged.layout.root]],
        okExitCodes: [0],
      },
      read: { commands: read, okExitCodes: [0] },
    };
    const runs: Record<keyof typeof variants, ChildRun[]> = {
      naive: [],
      changed: [],
      unchanged: [],
      read: [],
    };
    for (let i = 0; i < RUNS; i++) {
      for (const [name, variant] of Object.entries(variants) as [
        keyof typeof variants,
        (typeof variants)["naive"],
      ][]) {
        runs[name].push(
          runNodeSequence(variant.commands, { cwd: ROOT, okExitCodes: variant.okExitCodes }),
        );
      }
    }
    const ms = (list: readonly ChildRun[]) => median(list.map((r) => r.ms));
    const row = (label: string, list: readonly ChildRun[], against: readonly ChildRun[]) => [
      label,
      formatMs(ms(list)),
      `${(spread(list.map((r) => r.ms)) * 100).toFixed(0)} %`,
      formatBytes(Math.max(...list.map((r) => r.maxRssBytes))),
      formatRatio(ms(list) / ms(against)),
    ];
    printTable(
      `spec:update --dry-run on Mixpeek's full document (${UPSTREAM.newest}, ${formatBytes(Buffer.byteLength(changedText))}) with the 0.82 page vendored; median of ${RUNS} alternating runs, wall time incl. start-up`,
      ["variant", "median", "p10–p90 spread", "peak RSS (largest process)", "ratio"],
      [
        row(
          "by hand: redocly lint && openapi-typescript && tsc --noEmit (project)",
          runs.naive,
          runs.naive,
        ),
        row("spec:update --dry-run, wrapped part changed", runs.changed, runs.naive),
        row("read and JSON.parse the document (one process)", runs.read, runs.read),
        row("spec:update --dry-run, wrapped part unchanged", runs.unchanged, runs.read),
      ],
    );
    const ratio = ms(runs.changed) / ms(runs.naive);
    console.log(
      `changed part: spec:update / by hand = ${formatRatio(ratio)}: ${verdict(ratio, BUDGET, "at most")}`,
    );
    console.log(
      `unchanged part: spec:update / reading the document = ${formatRatio(ms(runs.unchanged) / ms(runs.read))} (${formatMs(ms(runs.unchanged) - ms(runs.read))} more)`,
    );
  } finally {
    await staged.remove();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The newest full document with the vendored page's audit part in it (its version, root
 * `security` and schemas), then `edit`: as Mixpeek would publish 0.82 and later in one document.
 */
async function fullDocument(page: RawDocument, edit: (document: RawDocument) => void) {
  const document = await upstreamDocument(UPSTREAM.newest);
  if (document.paths[AUDIT] === undefined) throw new Error(`${UPSTREAM.newest} has no ${AUDIT}`);
  const part = structuredClone(page);
  document.info = part.info;
  document.security = part.security;
  Object.assign(document.components.schemas, part.components.schemas);
  edit(document);
  return document;
}
