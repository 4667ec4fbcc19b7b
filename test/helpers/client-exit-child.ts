// Child process for the "exits promptly" test: a success, a retried 503, a timeout, an API error,
// an abort and an abort during a minute's wait before a retry, with the default 60 s timeout,
// then nothing. The process must end by itself.
import { createMixpeekClient } from "../../src/index.js";
import { errorBody, startTestServer, TEST_API_KEY } from "./mixpeek-test-server.js";

const server = await startTestServer();
const mixpeek = createMixpeekClient({
  apiKey: TEST_API_KEY,
  baseUrl: server.url,
  initialRetryDelayMs: 1,
});
await mixpeek.getAuditLog("audit_123");
server.misbehave({ kind: "json", status: 503, body: errorBody(503, "down", "Unavailable") });
await mixpeek.getAuditLog("audit_123");
server.misbehave({ kind: "delay", ms: 50 });
await mixpeek.getAuditLog("audit_123", { timeoutMs: 10 }).catch(() => undefined);
await mixpeek.getAuditLog("audit_missing").catch(() => undefined);
await mixpeek.getAuditLog("audit_123", { signal: AbortSignal.abort() }).catch(() => undefined);
// Aborted while waiting a minute before a retry: that wait's timer must go with the call.
server.misbehave({ kind: "json", status: 503, body: errorBody(503, "down", "Unavailable") });
const patient = createMixpeekClient({
  apiKey: TEST_API_KEY,
  baseUrl: server.url,
  initialRetryDelayMs: 60_000,
  maxRetryDelayMs: 60_000,
});
await patient.getAuditLog("audit_123", { signal: AbortSignal.timeout(100) }).catch(() => undefined);
await server.close();
process.stdout.write(JSON.stringify(process.getActiveResourcesInfo()));
