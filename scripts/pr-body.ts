import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { EXIT, firstLine, PipelineError } from "./lib/pipeline-error.js";
import {
  reportPipelineError,
  runIfEntryPoint,
  usageError,
  type ScriptIo,
} from "./lib/script-runner.js";
import { withTestResult } from "./lib/test-result-banner.js";

const HELP = `Usage: node scripts/run.mjs pr-body --report FILE --test-exit N [--test-log FILE]

Prints the body of a spec-bump pull request: the result of \`npm test\` on the bumped project
(exit code N; on failure the end of its output, from --test-log) above the spec:update report.
The weekly bump workflow (.github/workflows/spec-bump.yml) runs it.

Exit codes: 0 printed; 2 bad arguments or an unreadable file.`;

export async function main(argv: string[], io: ScriptIo): Promise<number> {
  let values: { report?: string; "test-exit"?: string; "test-log"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        report: { type: "string" },
        "test-exit": { type: "string" },
        "test-log": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
    if (!values.help && values.report === undefined) throw new Error("--report FILE is required");
    if (!values.help && !/^\d+$/.test(values["test-exit"] ?? ""))
      throw new Error(`--test-exit ${values["test-exit"] ?? ""}: must be an exit code`);
  } catch (error) {
    return usageError("pr-body", error, io);
  }
  if (values.help) {
    io.stdout(HELP);
    return EXIT.OK;
  }
  try {
    const report = await read(values.report!, "--report");
    const log =
      values["test-log"] === undefined ? "" : await read(values["test-log"], "--test-log");
    io.stdout(withTestResult(report, { exitCode: Number(values["test-exit"]), log }).trimEnd());
    return EXIT.OK;
  } catch (error) {
    return reportPipelineError(error, io);
  }
}

async function read(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new PipelineError(`${flag} ${file}: cannot read: ${firstLine(error)}`, { cause: error });
  }
}

runIfEntryPoint(import.meta.url, main);
