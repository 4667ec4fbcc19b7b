import os from "node:os";
import { benchBundleSize } from "./bundle-size.js";
import { benchClientOverhead } from "./client-overhead.js";
import { benchFootprint } from "./footprint.js";
import { benchLoopback } from "./loopback.js";
import { benchPipeline, benchPipelineBig } from "./pipeline.js";
import { benchSpecUpdate } from "./spec-update.js";
import { benchTypecheckCost } from "./typecheck-cost.js";

/** Sections of `npm run bench`, runnable alone: `npm run bench -- pipeline`. */
const SECTIONS: Record<string, () => Promise<void>> = {
  client: benchClientOverhead,
  loopback: benchLoopback,
  size: benchBundleSize,
  footprint: benchFootprint,
  typecheck: benchTypecheckCost,
  pipeline: benchPipeline,
  "pipeline-big": benchPipelineBig,
  "spec-update": benchSpecUpdate,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(
    `bench: unknown section ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`,
  );
  process.exit(2);
}
console.log(
  `node ${process.version} on ${os.cpus().length}× ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}`,
);
for (const name of wanted.length > 0 ? wanted : Object.keys(SECTIONS)) {
  await SECTIONS[name]!();
}
