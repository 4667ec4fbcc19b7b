import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { REPO_ROOT } from "./project-copy.js";

export interface PrismMock {
  readonly url: string;
  stop(): Promise<void>;
}

const PRISM_BIN = path.join(REPO_ROOT, "node_modules/@stoplight/prism-cli/dist/index.js");
const STARTUP_TIMEOUT_MS = 45_000;

/**
 * Prism in mock mode, serving the vendored spec on a free loopback port: a server that no one
 * here wrote and that answers only what the spec allows (and validates our requests).
 */
export async function startPrism(specFile: string): Promise<PrismMock> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [PRISM_BIN, "mock", specFile, "-h", "127.0.0.1", "-p", String(port)],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`Prism did not start in time:\n${output}`)),
      STARTUP_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Prism exited with ${code}:\n${output}`)));
  });
  child.removeAllListeners("exit");
  return { url: `http://127.0.0.1:${port}`, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
