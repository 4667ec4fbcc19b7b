import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MixpeekArgumentError } from "../../src/index.js";
import { encodePathSegment } from "../../src/path-params.js";
import { useTestServer } from "../helpers/client-fixture.js";

const { server, client } = useTestServer();
const PREFIX = "/v1/organizations/audit/logs/";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Ids the client must refuse before sending anything. */
const isRefused = (id: string) =>
  id === "" || id.trim() !== id || id === "." || id === ".." || LONE_SURROGATE.test(id);

describe("audit_id never changes the request path", () => {
  test.each([
    ["../../v1/namespaces", "..%2F..%2Fv1%2Fnamespaces"],
    ["a/b", "a%2Fb"],
    ["a?b#c", "a%3Fb%23c"],
    ["%2e%2e", "%252e%252e"],
    ["a\\b", "a%5Cb"],
    ["événement 1", "%C3%A9v%C3%A9nement%201"],
    ["(it's)*!", "%28it%27s%29%2A%21"],
    ["...", "..."],
    ["a\tb\nc", "a%09b%0Ac"],
  ])("%j is sent as one encoded segment", async (id, encoded) => {
    await client()
      .getAuditLog(id)
      .catch(() => undefined);
    expect(server().requests.map((r) => r.rawPath)).toEqual([PREFIX + encoded]);
  });

  test("property: any accepted id arrives as exactly one path segment that decodes back to it", async () => {
    const mixpeek = client({ maxRetries: 0 });
    const id = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 12 }),
      fc.string({ unit: "binary", maxLength: 12 }),
      fc.stringMatching(/^[./%?#\\ a-z0-9]{1,8}$/),
    );
    await fc.assert(
      fc.asyncProperty(id, async (auditId) => {
        const sent = server().requests.length;
        const outcome = await mixpeek.getAuditLog(auditId).catch((e: unknown) => e);
        const request = server().requests[sent];
        if (isRefused(auditId)) {
          expect(outcome).toBeInstanceOf(MixpeekArgumentError);
          expect(request).toBeUndefined();
          return;
        }
        expect(request).toBeDefined();
        const rawPath = request!.rawPath;
        expect(rawPath.startsWith(PREFIX)).toBe(true);
        const segment = rawPath.slice(PREFIX.length);
        expect(segment).toMatch(/^[A-Za-z0-9\-._~%]+$/);
        expect(decodeURIComponent(segment)).toBe(auditId);
      }),
      { numRuns: 300 },
    );
  });
});

describe("audit_id values refused before any request", () => {
  test.each([
    ["", "audit_id must not be empty"],
    [" audit_123", "audit_id must not start or end with whitespace"],
    ["audit_123\n", "audit_id must not start or end with whitespace"],
    [".", 'audit_id must not be "." (a URL resolves it as a path step)'],
    ["..", 'audit_id must not be ".." (a URL resolves it as a path step)'],
    ["a\uD800b", "audit_id is not well-formed Unicode (it has a lone surrogate)"],
  ])("%j", async (id, message) => {
    const error = await client()
      .getAuditLog(id)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekArgumentError);
    expect(error).toMatchObject({ argument: "audit_id", message });
    expect(server().requests).toHaveLength(0);
  });

  test("a non-string id from untyped JavaScript", async () => {
    const getAuditLog = client().getAuditLog as (id: unknown) => Promise<unknown>;
    await expect(getAuditLog(123)).rejects.toThrow("audit_id must be a string, got number");
    await expect(getAuditLog(undefined)).rejects.toThrow(
      "audit_id must be a string, got undefined",
    );
    await expect(getAuditLog(null)).rejects.toThrow("audit_id must be a string, got null");
    expect(server().requests).toHaveLength(0);
  });
});

describe("raw, from untyped JavaScript", () => {
  const get = (auditId: unknown) =>
    client().raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      params: { path: { audit_id: auditId as string } },
    });

  test("a number id is sent as its digits", async () => {
    await get(42);
    expect(server().requests.map((r) => r.rawPath)).toEqual([`${PREFIX}42`]);
  });

  test.each([
    [true, "boolean"],
    [{ id: "audit_123" }, "object"],
    [null, "null"],
  ])("%j is refused before any request", async (auditId, type) => {
    const error = await get(auditId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekArgumentError);
    expect(error).toMatchObject({
      argument: "audit_id",
      message: `audit_id must be a string, got ${type}`,
    });
    expect(server().requests).toHaveLength(0);
  });
});

describe("encodePathSegment", () => {
  test("leaves RFC 3986 unreserved characters and encodes every other one", () => {
    expect(encodePathSegment("id", "AZaz09-._~")).toBe("AZaz09-._~");
    for (let code = 0x20; code < 0x7f; code++) {
      const char = String.fromCharCode(code);
      if (/[A-Za-z0-9\-._~]/.test(char)) continue;
      expect(encodePathSegment("id", `x${char}y`)).toBe(
        `x%${code.toString(16).toUpperCase().padStart(2, "0")}y`,
      );
    }
  });
});
