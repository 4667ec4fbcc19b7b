import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createLoggingClient } from "../../examples/logging.js";
import { tracing } from "../../examples/tracing.js";
import { MixpeekTimeoutError } from "../../src/index.js";
import { FAST_RETRIES, useTestServer } from "../helpers/client-fixture.js";
import { errorBody, TEST_API_KEY, UNANSWERED_ID } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");

describe("the README's examples (examples/, type-checked with the project)", () => {
  test.each(["examples/logging.ts", "examples/tracing.ts"])(
    "%s is in the README as it is",
    (file) => {
      expect(read("README.md")).toContain("```ts\n" + read(file) + "```");
    },
  );

  test("the logging client logs request ids, statuses, timings and retries, never the key", async () => {
    const lines: string[] = [];
    const mixpeek = createLoggingClient(
      {
        apiKey: TEST_API_KEY,
        baseUrl: server().url,
        timeoutMs: 200,
        maxRetries: 1,
        ...FAST_RETRIES,
      },
      (line) => lines.push(line),
    );
    server().misbehave({ kind: "json", status: 503, body: errorBody(503, "later", "Unavailable") });
    await mixpeek.getAuditLog("audit_123");
    await expect(mixpeek.getAuditLog(UNANSWERED_ID)).rejects.toBeInstanceOf(MixpeekTimeoutError);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([
      expect.objectContaining({
        msg: "mixpeek attempt",
        attempt: 1,
        status: 503,
        requestId: "req_1",
        retryBecause: "status",
      }),
      expect.objectContaining({
        msg: "mixpeek attempt",
        attempt: 2,
        status: 200,
        requestId: "req_2",
      }),
      expect.objectContaining({ msg: "mixpeek call", status: 200, requestId: "req_2" }),
      expect.objectContaining({ msg: "mixpeek attempt", attempt: 1, retryBecause: "timeout" }),
      expect.objectContaining({
        msg: "mixpeek attempt",
        attempt: 2,
        error: expect.stringMatching(/within 200 ms$/) as unknown,
      }),
      expect.objectContaining({
        msg: "mixpeek call",
        error: expect.stringMatching(/^MixpeekTimeoutError: /) as unknown,
      }),
    ]);
    for (const entry of logged) expect(entry.ms).toEqual(expect.any(Number));
    expect(lines.join("\n")).not.toContain(TEST_API_KEY);
  });

  test("the tracing middleware leaves calls as they were (no tracer registered: spans are no-ops)", async () => {
    const mixpeek = client();
    mixpeek.use(tracing);
    await expect(mixpeek.getAuditLog("audit_123")).resolves.toMatchObject({
      audit_id: "audit_123",
    });
    await expect(mixpeek.getAuditLog("audit_missing")).rejects.toMatchObject({ status: 404 });
  });
});
