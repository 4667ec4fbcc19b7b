import { afterEach, beforeEach } from "vitest";
import { createMixpeekClient, type MixpeekClientOptions } from "../../src/index.js";
import { startTestServer, TEST_API_KEY, type TestServer } from "./mixpeek-test-server.js";

/** Retry waits short enough for tests; the real defaults are checked in options tests. */
export const FAST_RETRIES = {
  initialRetryDelayMs: 1,
  maxRetryDelayMs: 5,
  maxRetryAfterMs: 2_000,
} as const;

/**
 * A fresh test server per test (closed after it) and a factory for clients pointed at it, with
 * the right key and fast retries unless the test says otherwise.
 */
export function useTestServer(): {
  server: () => TestServer;
  client: (options?: MixpeekClientOptions) => ReturnType<typeof createMixpeekClient>;
} {
  let server: TestServer | undefined;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const current = () => {
    if (!server) throw new Error("test server not started");
    return server;
  };
  return {
    server: current,
    client: (options = {}) =>
      createMixpeekClient({
        apiKey: TEST_API_KEY,
        baseUrl: current().url,
        ...FAST_RETRIES,
        ...options,
      }),
  };
}
