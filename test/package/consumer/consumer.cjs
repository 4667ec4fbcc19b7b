// CommonJS on Node: require() the ES module package (Node >= 20.19), then the same scenarios.
const mixpeek = require("mixpeek-audit");

import("./scenarios.mjs").then(async ({ printResults, runScenarios }) =>
  printResults(await runScenarios(mixpeek, JSON.parse(process.argv[2]))),
);
