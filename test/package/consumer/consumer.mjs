// Node, Bun and Deno: import the package, run the scenarios, print them as one line of JSON.
import * as mixpeek from "mixpeek-audit";
import { printResults, runScenarios } from "./scenarios.mjs";

printResults(await runScenarios(mixpeek, JSON.parse(process.argv[2])));
