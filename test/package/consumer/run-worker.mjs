// Runs the bundled Worker in workerd through Miniflare and prints what it answers.
// Usage: node run-worker.mjs <miniflare folder> <worker bundle> <settings JSON>
import { createRequire } from "node:module";

const [miniflareDir, bundle, settings] = process.argv.slice(2);
const { Miniflare } = createRequire(import.meta.url)(miniflareDir);
const worker = new Miniflare({
  modules: true,
  scriptPath: bundle,
  // Plain Workers, no nodejs_compat flag: the package must not need Node's APIs.
  compatibilityDate: "2026-07-01",
});
try {
  const url = new URL("http://worker.test/");
  url.searchParams.set("settings", settings);
  const response = await worker.dispatchFetch(url);
  const body = await response.text();
  // An uncaught error in the Worker is a 500 with its stack as the body.
  if (response.ok) {
    console.log(body);
  } else {
    console.error(body);
    process.exitCode = 1;
  }
} finally {
  await worker.dispose();
}
