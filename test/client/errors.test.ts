import { describe, expect, test } from "vitest";
import * as mixpeek from "../../src/index.js";
import {
  MixpeekAbortError,
  MixpeekArgumentError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekNotFoundError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
  MixpeekTimeoutError,
} from "../../src/index.js";
import type { SchemaIssue } from "../../generated/response-validators.js";
import { describeFailure } from "../../src/transport.js";

/** Every type guard the package exports, by name. */
const GUARDS = Object.entries(mixpeek as Record<string, unknown>).filter(
  (entry): entry is [string, (error: unknown) => boolean] => entry[0].startsWith("isMixpeek"),
);

/** The guards that accept `error`, by name. */
const accepting = (error: unknown) =>
  GUARDS.filter(([, guard]) => guard(error))
    .map(([name]) => name)
    .sort();

/** Every error class the package exports, by name. */
const CLASSES = Object.entries(mixpeek as Record<string, unknown>).filter(
  (entry): entry is [string, typeof MixpeekError] =>
    typeof entry[1] === "function" && entry[1].prototype instanceof Error,
);

/**
 * The same classes from a second copy of the package (two versions in one dependency tree):
 * equal names, unrelated classes, so `instanceof` fails across copies.
 */
const otherCopy = async () => {
  const url = "../../src/errors.js?another-copy";
  return (await import(/* @vite-ignore */ url)) as Record<string, typeof MixpeekError>;
};

const REQUEST = { method: "GET", path: "/v1/organizations/audit/logs/a" };

describe("type guards recognise errors by class name, so a second copy of the package still matches", () => {
  test("an error of each class from another copy is accepted by the guards its own class is", async () => {
    const copy = await otherCopy();
    expect(CLASSES.length).toBe(15);
    for (const [name, ErrorClass] of CLASSES) {
      const CopyClass = copy[name]!;
      expect(CopyClass).not.toBe(ErrorClass);
      const theirs = Object.create(CopyClass.prototype) as Error;
      expect(theirs).not.toBeInstanceOf(MixpeekError);
      const expected = GUARDS.filter(([guardName]) => {
        const GuardClass = CLASSES.find(([n]) => `is${n}` === guardName)![1];
        return ErrorClass === GuardClass || ErrorClass.prototype instanceof GuardClass;
      }).map(([guardName]) => guardName);
      expect([name, accepting(theirs)]).toEqual([name, expected.sort()]);
    }
  });

  test("every class's name is its exported name, on each instance, for logs", () => {
    for (const [name, ErrorClass] of CLASSES) {
      expect((Object.create(ErrorClass.prototype) as Error).name).toBe(name);
    }
    expect(new MixpeekTimeoutError(REQUEST, "slow").name).toBe("MixpeekTimeoutError");
    expect(String(new MixpeekArgumentError("apiKey", "is missing"))).toBe(
      "MixpeekArgumentError: apiKey is missing",
    );
  });

  test("one guard per kind: every MixpeekError, and each class with subclasses or a role", () => {
    expect(GUARDS.map(([name]) => name).sort()).toEqual(
      [
        "isMixpeekError",
        "isMixpeekArgumentError",
        "isMixpeekApiError",
        "isMixpeekConnectionError",
        "isMixpeekTimeoutError",
        "isMixpeekAbortError",
        "isMixpeekResponseError",
        "isMixpeekResponseValidationError",
      ].sort(),
    );
  });

  test("things that are not this package's errors", () => {
    const renamed = Object.assign(new Error("not ours"), { name: "MixpeekError" });
    for (const value of [undefined, null, 42, "MixpeekError", { name: "MixpeekError" }, renamed]) {
      expect(accepting(value)).toEqual([]);
    }
    expect(accepting(Object.create(null))).toEqual([]);
    // A class is not one of its errors (its parent class is named like an error's prototype).
    expect(accepting(MixpeekNotFoundError)).toEqual([]);
  });
});

describe("the hierarchy", () => {
  test("an abort is a sibling of connection errors, not one of them", () => {
    const abort = new MixpeekAbortError(REQUEST, new Error("user cancelled"));
    expect(abort).toBeInstanceOf(MixpeekError);
    expect(abort).not.toBeInstanceOf(MixpeekConnectionError);
    expect(abort.cause).toEqual(new Error("user cancelled"));
  });

  test("method and path live on the base class; undefined when nothing was sent", () => {
    const errors: MixpeekError[] = [
      new MixpeekConnectionError(REQUEST, "connection failed: x"),
      new MixpeekAbortError(REQUEST, undefined),
      new MixpeekResponseError(REQUEST, { status: 200, headers: new Headers() }, "body is empty"),
      new MixpeekNotFoundError(REQUEST, { status: 404, headers: new Headers() }, undefined),
    ];
    for (const error of errors) expect(error).toMatchObject(REQUEST);
    expect(new MixpeekArgumentError("apiKey", "is missing")).toMatchObject({
      method: undefined,
      path: undefined,
      message: "apiKey is missing",
    });
  });
});

describe("describeFailure says what failed, once, from the cause chain", () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
  /** Errors "level 0" to "level n-1", each the cause of the one before. */
  const chain = (levels: number) => {
    let error: unknown;
    for (let level = levels - 1; level >= 0; level--) {
      error = new Error(`level ${level}`, { cause: error });
    }
    return error;
  };

  test.each([
    [
      "refused",
      new TypeError("fetch failed", {
        cause: withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"),
      }),
      "ECONNREFUSED 127.0.0.1:1",
    ],
    [
      "every address of a host refused",
      new TypeError("fetch failed", {
        cause: Object.assign(
          new AggregateError([
            withCode("connect ECONNREFUSED ::1:1", "ECONNREFUSED"),
            withCode("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"),
          ]),
          { code: "ECONNREFUSED" },
        ),
      }),
      "ECONNREFUSED ::1:1; ECONNREFUSED 127.0.0.1:1",
    ],
    [
      "DNS",
      new TypeError("fetch failed", {
        cause: withCode("getaddrinfo ENOTFOUND api.example.invalid", "ENOTFOUND"),
      }),
      "getaddrinfo ENOTFOUND api.example.invalid",
    ],
    [
      "TLS",
      new TypeError("fetch failed", {
        cause: withCode("self-signed certificate", "DEPTH_ZERO_SELF_SIGNED_CERT"),
      }),
      "self-signed certificate",
    ],
    [
      "redirect loop",
      new TypeError("fetch failed", { cause: new Error("redirect count exceeded") }),
      "redirect count exceeded",
    ],
    [
      "a message that says connect later on",
      new TypeError("fetch failed", { cause: new Error("unable to connect to 10.0.0.1:443") }),
      "unable to connect to 10.0.0.1:443",
    ],
    [
      "an address without a message among those tried",
      new TypeError("fetch failed", {
        cause: new AggregateError([
          new Error(""),
          withCode("connect ETIMEDOUT 10.0.0.1:443", "ETIMEDOUT"),
        ]),
      }),
      "ETIMEDOUT 10.0.0.1:443",
    ],
    ["a null cause", new Error("socket hang up", { cause: null }), "socket hang up"],
    ["a rejection with nothing", undefined, "undefined"],
    ["a chain of causes is followed five deep (it may loop)", chain(7), "level 5"],
    [
      "another runtime, no cause",
      new TypeError("Unable to connect. Is the computer able to access the url?"),
      "Unable to connect. Is the computer able to access the url?",
    ],
  ])("%s", (_, error, said) => {
    expect(describeFailure(error)).toBe(said);
  });
});

describe("MixpeekResponseValidationError, from a validator's issues", () => {
  const OK = { status: 200, headers: new Headers() };
  const issue = (
    instancePath: string,
    schemaPath: string,
    keyword: string,
    message: string,
    params: Record<string, unknown> = {},
  ): SchemaIssue => ({ instancePath, schemaPath, keyword, params, message });
  const issuesOf = (errors: SchemaIssue[]) =>
    new MixpeekResponseValidationError(REQUEST, OK, "getAuditLog", errors).issues;

  test("keeps 20 issues at most; the message counts them all", () => {
    const errors = Array.from({ length: 25 }, (_, i) =>
      issue(`/items/${i}`, "#/items/type", "type", "must be string"),
    );
    const error = new MixpeekResponseValidationError(REQUEST, OK, "getAuditLog", errors);
    expect(error.issues).toHaveLength(20);
    expect(error.message).toMatch(/ \(\+22 more\)$/);
  });

  test("a missing field's name is escaped in its JSON pointer (RFC 6901)", () => {
    const missing = issue("/meta", "#/required", "required", "must have required property", {
      missingProperty: "a/b~c",
    });
    expect(issuesOf([missing])).toEqual([{ pointer: "/meta/a~1b~0c", message: "is required" }]);
  });

  test("each field's anyOf is named by its own branches, also when fields share a $ref'd schema", () => {
    // Ajv gives the schemaPath of a schema reached through a $ref from that schema's root.
    const errors = [
      issue("/a", "#/anyOf/0/type", "type", "must be string"),
      issue("/a", "#/anyOf/1/type", "type", "must be null"),
      issue("/a", "#/anyOf", "anyOf", "must match a schema in anyOf"),
      issue("/b", "#/anyOf/0/type", "type", "must be integer"),
      issue("/b", "#/anyOf/1/type", "type", "must be null"),
      issue("/b", "#/anyOf", "anyOf", "must match a schema in anyOf"),
    ];
    expect(issuesOf(errors)).toEqual([
      { pointer: "/a", message: "must be string or must be null" },
      { pointer: "/b", message: "must be integer or must be null" },
    ]);
  });
});
