import { BUDGETS, measureBundles } from "./lib/bundle-size.js";
import { formatBytes, printTable, verdict } from "./lib/stats.js";

export async function benchBundleSize(): Promise<void> {
  const sizes = await measureBundles();
  const base = sizes.openapiFetch;
  const rows = [
    ["openapi-fetch alone", sizes.openapiFetch],
    ["createMixpeekClient, validators stubbed out", sizes.clientWithoutValidation],
    ["createMixpeekClient as shipped (validates)", sizes.client],
  ] as const;
  printTable(
    "Bundle size: esbuild, bundled + tree-shaken + minified, browser ES2022; gzip -9",
    ["import", "min", "min+gz", "min+gz over openapi-fetch", "from generated types"],
    rows.map(([name, size]) => [
      name,
      formatBytes(size.minified),
      formatBytes(size.gzipped),
      formatBytes(size.gzipped - base.gzipped),
      `${size.fromGeneratedTypes} B`,
    ]),
  );
  const ownFiles = Object.entries(sizes.clientWithoutValidation.byFile)
    .filter(([file]) => file.startsWith("src/") || file.startsWith("generated/"))
    .filter(([, bytes]) => bytes > 0)
    .sort(([, a], [, b]) => b - a);
  printTable(
    "Where the wrapper's bytes go (minified, before gzip; validators stubbed out)",
    ["file", "minified"],
    ownFiles.map(([file, bytes]) => [file, formatBytes(bytes)]),
  );
  const client = sizes.client.gzipped - base.gzipped;
  const validation = sizes.client.gzipped - sizes.clientWithoutValidation.gzipped;
  console.log(
    `client with validators over openapi-fetch: ${client} B min+gz: ${verdict(client, BUDGETS.clientOverOpenapiFetch, "at most")}`,
  );
  console.log(
    `validation on top: ${validation} B min+gz: ${verdict(validation, BUDGETS.validation, "at most")}`,
  );
}
