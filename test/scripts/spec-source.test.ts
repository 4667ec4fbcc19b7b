import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readSpecSource } from "../../scripts/lib/spec-source.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

const SPEC = path.join(REPO_ROOT, "openapi/mixpeek.yaml");
const PAGE = path.join(REPO_ROOT, "test/fixtures/mixpeek-docs-page-0.82.md");
const LIMITS = { maxBytes: 1_000_000, timeoutMs: 5_000 };

let dir: string;
let server: http.Server;
let base: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "spec-source-"));
  const yaml = await readFile(SPEC);
  server = http.createServer((req, res) => {
    if (req.url === "/spec.yaml") return void res.end(yaml);
    if (req.url === "/endless") {
      // No Content-Length: only counting the bytes as they come can stop it.
      res.writeHead(200, { "content-type": "application/yaml" });
      const chunk = Buffer.alloc(64 * 1024, "#");
      const pump = () => {
        while (res.write(chunk));
        res.once("drain", pump);
      };
      res.on("error", () => {});
      return pump();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("readSpecSource", () => {
  test("a YAML file is taken byte for byte", async () => {
    const source = await readSpecSource(SPEC, LIMITS);
    expect(Buffer.compare(Buffer.from(source.bytes), await readFile(SPEC))).toBe(0);
    expect(source.fromMarkdown).toBe(false);
  });

  test("a JSON file is taken byte for byte", async () => {
    const file = path.join(dir, "spec.json");
    const json = JSON.stringify(parseYaml(await readFile(SPEC, "utf8")), null, 2);
    await writeFile(file, json);
    const source = await readSpecSource(file, LIMITS);
    expect(Buffer.from(source.bytes).toString()).toBe(json);
  });

  test("a Markdown page gives the bytes of its spec block, the vendored file exactly", async () => {
    const source = await readSpecSource(PAGE, LIMITS);
    expect(source.fromMarkdown).toBe(true);
    expect(Buffer.compare(Buffer.from(source.bytes), await readFile(SPEC))).toBe(0);
  });

  test("a URL is fetched", async () => {
    const source = await readSpecSource(`${base}/spec.yaml`, LIMITS);
    expect(Buffer.compare(Buffer.from(source.bytes), await readFile(SPEC))).toBe(0);
    expect(source.name).toBe(`${base}/spec.yaml`);
  });

  test("a body without Content-Length is cut off at the size limit", async () => {
    await expect(readSpecSource(`${base}/endless`, LIMITS)).rejects.toThrow(
      `${base}/endless: too large (more; the limit is 1000000 bytes)`,
    );
  });

  test("other URL schemes are refused", async () => {
    await expect(readSpecSource("ftp://example.com/spec.yaml", LIMITS)).rejects.toThrow(
      "ftp://example.com/spec.yaml: only http:// and https:// URLs (or a local path) are supported",
    );
  });
});
