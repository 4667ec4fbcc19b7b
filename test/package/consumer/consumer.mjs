// Node, Bun and Deno: import the package, run the scenarios, print them as one line of JSON.
import * as mixpeek from "mixpeek-audit";
import { runScenarios } from "./scenarios.mjs";

console.log(JSON.stringify(await runScenarios(mixpeek, JSON.parse(process.argv[2]))));
