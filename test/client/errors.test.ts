import { describe, expect, test } from "vitest";
import * as mixpeek from "../../src/index.js";
import {
  MixpeekAbortError,
  MixpeekArgumentError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekNotFoundError,
  MixpeekResponseError,
  MixpeekTimeoutError,
} from "../../src/index.js";
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

/** An error thrown by another copy of the package: same name, unrelated class. */
function foreign(name: string): Error {
  const error = new Error("from another copy");
  error.name = name;
  return error;
}

const REQUEST = { method: "GET", path: "/v1/organizations/audit/logs/a" };

describe("type guards recognise errors by name, so a second copy of the package still matches", () => {
  test.each([
    ["MixpeekNotFoundError", ["isMixpeekError", "isMixpeekApiError"]],
    [
      "MixpeekTimeoutError",
      ["isMixpeekError", "isMixpeekConnectionError", "isMixpeekTimeoutError"],
    ],
    ["MixpeekAbortError", ["isMixpeekError", "isMixpeekAbortError"]],
    [
      "MixpeekResponseValidationError",
      ["isMixpeekError", "isMixpeekResponseError", "isMixpeekResponseValidationError"],
    ],
    ["MixpeekArgumentError", ["isMixpeekError", "isMixpeekArgumentError"]],
    ["TypeError", []],
    ["toString", []],
    ["__proto__", []],
  ])("%s from another copy", (name, guards) => {
    expect(accepting(foreign(name))).toEqual([...guards].sort());
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

  test("this copy's own errors, and things that are not errors", () => {
    expect(accepting(new MixpeekAbortError(REQUEST, undefined))).toEqual(
      ["isMixpeekError", "isMixpeekAbortError"].sort(),
    );
    expect(accepting(new MixpeekTimeoutError(REQUEST, "slow"))).toEqual(
      ["isMixpeekError", "isMixpeekConnectionError", "isMixpeekTimeoutError"].sort(),
    );
    expect(accepting(new MixpeekResponseError(REQUEST, 200, "is odd"))).toEqual(
      ["isMixpeekError", "isMixpeekResponseError"].sort(),
    );
    for (const value of [undefined, null, 42, "MixpeekError", { name: 7 }]) {
      expect(accepting(value)).toEqual([]);
    }
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
      new MixpeekResponseError(REQUEST, 200, "body is empty"),
      new MixpeekNotFoundError(REQUEST, 404, new Headers(), undefined),
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
      "another runtime, no cause",
      new TypeError("Unable to connect. Is the computer able to access the url?"),
      "Unable to connect. Is the computer able to access the url?",
    ],
  ])("%s", (_, error, said) => {
    expect(describeFailure(error)).toBe(said);
  });
});
