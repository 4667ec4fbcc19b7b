// A Cloudflare Worker: bundled with esbuild for workerd, then run by workerd. The
// scenarios' settings come in the request's query string.
import * as mixpeek from "mixpeek-audit";
import { runScenarios } from "./scenarios.mjs";

export default {
  async fetch(request) {
    const settings = JSON.parse(new URL(request.url).searchParams.get("settings"));
    return Response.json(await runScenarios(mixpeek, settings));
  },
};
