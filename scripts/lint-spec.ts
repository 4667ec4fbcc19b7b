import { parseArgs } from "node:util";
import {
  projectRoot,
  reportPipelineError,
  runIfEntryPoint,
  usageError,
  type ScriptIo,
} from "./lib/script-runner.js";
import { EXIT } from "./lib/pipeline-error.js";
import { lintProjectSpec } from "./lib/redocly-lint.js";
import { projectLayout, REDOCLY_CONFIG_PATH, SPEC_PATH } from "./lib/project.js";

const HELP = `Usage: npm run lint:spec [-- --root DIR]

Lints ${SPEC_PATH} with the rules in ${REDOCLY_CONFIG_PATH} (Redocly), printing every problem.
The same lint runs first in \`npm run generate\`.

Exit codes: 0 no lint errors (warnings are printed); 2 lint errors or an invalid spec/config.`;

export async function main(argv: string[], io: ScriptIo): Promise<number> {
  let root: string;
  let values: { root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { root: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
    root = projectRoot(values.root);
  } catch (error) {
    return usageError("lint:spec", error, io);
  }
  if (values.help) {
    io.stdout(HELP);
    return EXIT.OK;
  }
  const layout = projectLayout(root);
  try {
    const { spec, problems } = await lintProjectSpec(layout, { onProblem: io.stderr });
    const accepted = problems.filter((p) => p.accepted).length;
    io.stdout(
      `${spec.displayName}: no lint errors (${problems.length - accepted} warning(s), ` +
        `${accepted} known problem(s) accepted by the baseline)`,
    );
    return EXIT.OK;
  } catch (error) {
    return reportPipelineError(error, io);
  }
}

runIfEntryPoint(import.meta.url, main);
