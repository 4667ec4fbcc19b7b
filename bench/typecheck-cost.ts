import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { runPipeline } from "../scripts/lib/pipeline.js";
import { SPEC_PATH } from "../scripts/lib/project.js";
import { stageProject } from "./lib/staged-project.js";
import { syntheticSpec } from "./synthetic-spec.js";
import { printTable } from "./lib/stats.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const SYNTHETIC_PATHS = 3_000;

/** What a consumer writes: one call, one error branch, the raw client. */
const CONSUMER = `
import { createMixpeekClient, MixpeekNotFoundError, type AuditEventResponse } from "../src/index.js";
const mixpeek = createMixpeekClient();
export async function load(id: string): Promise<AuditEventResponse | null> {
  try {
    return await mixpeek.getAuditLog(id);
  } catch (error) {
    if (error instanceof MixpeekNotFoundError) return null;
    throw error;
  }
}
export const raw = mixpeek.raw.GET("/v1/organizations/audit/logs/{audit_id}", { params: { path: { audit_id: "a" } } });
`;

export async function benchTypecheckCost(): Promise<void> {
  const rows: string[][] = [];
  rows.push(["vendored spec (1 path)", ...(await measure(ROOT))]);
  const staged = await stageProject(ROOT);
  try {
    const spec = JSON.stringify(await syntheticSpec(ROOT, SYNTHETIC_PATHS - 1));
    await writeFile(path.join(staged.layout.root, SPEC_PATH), spec);
    const result = await runPipeline(staged.layout);
    for (const file of result.files) await writeFile(file.path, file.content);
    rows.push([
      `synthetic spec (${SYNTHETIC_PATHS} paths)`,
      ...(await measure(staged.layout.root)),
    ]);
  } finally {
    await staged.remove();
  }
  printTable(
    "Type-check cost for a consumer file using the client (tsc --noEmit --extendedDiagnostics, strict)",
    ["types from", "check time", "total time", "types", "instantiations", "memory"],
    rows,
  );
}

/** Runs tsc over a consumer file (in a temp folder) that imports `root`'s src/. */
async function measure(root: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "mixpeek-consumer-"));
  try {
    await writeFile(
      path.join(dir, "consumer.ts"),
      CONSUMER.replaceAll("../src/", `${path.join(root, "src")}/`),
    );
    await writeFile(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          types: ["node"],
          typeRoots: [path.join(ROOT, "node_modules/@types")],
          skipLibCheck: true,
        },
        files: ["consumer.ts"],
      }),
    );
    const out = execFileSync(process.execPath, [TSC, "-p", dir, "--extendedDiagnostics"], {
      encoding: "utf8",
      cwd: root,
    });
    const field = (name: string) =>
      new RegExp(`^${name}:\\s+(.+)$`, "m").exec(out)?.[1]?.trim() ?? "?";
    return [
      field("Check time"),
      field("Total time"),
      field("Types"),
      field("Instantiations"),
      field("Memory used"),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
