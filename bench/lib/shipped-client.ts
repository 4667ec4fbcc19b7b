import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type * as MixpeekPackage from "../../src/index.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * The client as users run it: the package's own build (tsc output in dist/), rebuilt from the
 * sources first. Not tsx's on-the-fly transform of src/, which wraps every function created per
 * call in a naming helper and would charge the client for a cost it does not have.
 */
export function loadShippedClient(): Promise<ShippedClient> {
  loading ??= build();
  return loading;
}

type ShippedClient = typeof MixpeekPackage;
let loading: Promise<ShippedClient> | undefined;

async function build(): Promise<ShippedClient> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  const entry = pathToFileURL(path.join(ROOT, "dist/src/index.js")).href;
  return (await import(entry)) as ShippedClient;
}

/**
 * The headers the client sends besides Authorization (its User-Agent), read from a request it
 * makes: given to a raw openapi-fetch variant too, so the benchmarks can tell the cost of the
 * wrapper from the cost of sending one more header (which fetch charges for any header).
 */
export async function extraHeadersOfClient(): Promise<Record<string, string>> {
  const { createMixpeekClient } = await loadShippedClient();
  let sent: Headers | undefined;
  const client = createMixpeekClient({
    apiKey: "mxp_sk_probe",
    baseUrl: "https://api.mixpeek.com",
    fetch: (request: Request) => {
      sent = request.headers;
      return Promise.resolve(
        new Response("null", { headers: { "content-type": "application/json" } }),
      );
    },
  });
  await client.getAuditLog("audit_123");
  const extra = Object.fromEntries(sent!);
  delete extra.authorization;
  return extra;
}
