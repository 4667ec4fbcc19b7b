#!/usr/bin/env node
import { parseArgs } from "node:util";
import { SPEC_VERSION } from "../generated/spec-metadata.js";
import { createMixpeekClient } from "./client.js";
import {
  CONTROL_CHARACTERS,
  MixpeekAbortError,
  MixpeekApiError,
  MixpeekArgumentError,
  MixpeekAuthenticationError,
  MixpeekConnectionError,
  MixpeekNotFoundError,
  MixpeekPermissionDeniedError,
  MixpeekResponseError,
} from "./errors.js";
import { ENV_API_KEY, ENV_BASE_URL } from "./options.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

/** Documented in --help and the README; scripts branch on them. */
const CLI_EXIT = {
  FOUND: 0,
  FAILED: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  AUTH: 4,
  API_ERROR: 5,
  NETWORK: 6,
  INTERRUPTED: 130,
} as const;

const HELP = `Usage: ${PACKAGE_NAME} get <audit_id> [--json] [--base-url URL] [--timeout MS] [--retries N]

Fetches one Mixpeek audit-log entry and prints it as a table, or with --json as the JSON body
on one line (for jq). The API key comes from ${ENV_API_KEY}.

Options:
  --json            print the entry as one line of JSON instead of a table
  --base-url URL    API root (default: ${ENV_BASE_URL}, else https://api.mixpeek.com)
  --timeout MS      time allowed per attempt, in milliseconds (default 60000)
  --retries N       retries on connection errors, timeouts, 408/429/5xx (default 2)
  -h, --help        show this help
  -v, --version     show the package and spec versions

Exit codes:
  0  found
  2  usage error (bad arguments, no or malformed API key)
  3  not found (404, or the API answered null)
  4  authentication or permission error (401, 403)
  5  other API error, or a response the spec does not allow
  6  network error or timeout
  1  unexpected failure; 130 interrupted (Ctrl-C)`;

interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

async function runCli(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let values: {
    json?: boolean;
    "base-url"?: string;
    timeout?: string;
    retries?: string;
    help?: boolean;
    version?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean" },
        "base-url": { type: "string" },
        timeout: { type: "string" },
        retries: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.stdout(HELP);
    return CLI_EXIT.FOUND;
  }
  if (values.version) {
    io.stdout(`${PACKAGE_NAME} ${PACKAGE_VERSION} (Mixpeek API ${SPEC_VERSION})`);
    return CLI_EXIT.FOUND;
  }
  const [command, auditId, ...extra] = positionals;
  if (command !== "get")
    return usage(io, command === undefined ? "missing command" : `unknown command "${command}"`);
  if (auditId === undefined) return usage(io, "missing <audit_id>");
  if (extra.length > 0) return usage(io, `unexpected argument "${extra[0]}"`);
  if (!process.env[ENV_API_KEY]) return usage(io, `${ENV_API_KEY} is not set`);

  try {
    const mixpeek = createMixpeekClient({
      baseUrl: values["base-url"],
      timeoutMs: wholeNumber(values.timeout, "--timeout", 1),
      maxRetries: wholeNumber(values.retries, "--retries", 0),
    });
    const event = await mixpeek.getAuditLog(auditId, { signal });
    if (event === null) {
      if (values.json) io.stdout("null");
      io.stderr(`${PACKAGE_NAME}: ${auditId}: no such audit entry (the API answered null)`);
      return CLI_EXIT.NOT_FOUND;
    }
    io.stdout(values.json ? JSON.stringify(event) : table(event));
    return CLI_EXIT.FOUND;
  } catch (error) {
    io.stderr(
      `${PACKAGE_NAME}: ${printable(error instanceof Error ? error.message : String(error))}`,
    );
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof MixpeekArgumentError) return CLI_EXIT.USAGE;
  if (error instanceof MixpeekNotFoundError) return CLI_EXIT.NOT_FOUND;
  if (
    error instanceof MixpeekAuthenticationError ||
    error instanceof MixpeekPermissionDeniedError
  ) {
    return CLI_EXIT.AUTH;
  }
  if (error instanceof MixpeekApiError || error instanceof MixpeekResponseError)
    return CLI_EXIT.API_ERROR;
  if (error instanceof MixpeekAbortError) return CLI_EXIT.INTERRUPTED;
  if (error instanceof MixpeekConnectionError) return CLI_EXIT.NETWORK;
  return CLI_EXIT.FAILED;
}

function usage(io: CliIo, problem: string): number {
  // parseArgs explains over several lines; an error here is one line.
  io.stderr(`${PACKAGE_NAME}: ${problem.replace(/\s*\n\s*/g, " ")} (see --help)`);
  return CLI_EXIT.USAGE;
}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new MixpeekArgumentError(
      flag,
      `must be a whole number${min > 0 ? ` of at least ${min}` : ""}`,
    );
  }
  return Number(value);
}

/** Aligned `key  value` lines, in the order the server sent the fields. */
function table(event: object): string {
  const entries = Object.entries(event);
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries
    .map(([key, value]) => `${printable(key).padEnd(width)}  ${printable(value)}`)
    .join("\n");
}

/**
 * Strings as the server sent them (`timestamp` included); anything else as compact JSON.
 * Control characters are escaped: an audit entry is attacker-influenced data (a user agent, a
 * name) and must not drive the terminal.
 */
function printable(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(
    CONTROL_CHARACTERS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Entry point of the `mixpeek-audit` binary. */
async function main(): Promise<void> {
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort());
  const code = await runCli(
    process.argv.slice(2),
    {
      stdout: (text) => void process.stdout.write(`${text}\n`),
      stderr: (text) => void process.stderr.write(`${text}\n`),
    },
    controller.signal,
  );
  process.exitCode = code;
}

await main();
