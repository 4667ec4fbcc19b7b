#!/usr/bin/env node
import { parseArgs } from "node:util";
import { DEFAULT_SERVER_URL, SPEC_VERSION } from "../generated/spec-metadata.js";
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
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  ENV_API_KEY,
  ENV_BASE_URL,
} from "./options.js";
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

/**
 * The library's name for an option the CLI sets (a MixpeekArgumentError's `argument`) → the flag
 * that sets it. Variables (MIXPEEK_BASE_URL, MIXPEEK_API_KEY) the library names as they are.
 */
const FLAG_FOR_OPTION: ReadonlyMap<string, string> = new Map([
  ["baseUrl", "--base-url"],
  ["timeoutMs", "--timeout"],
  ["totalTimeoutMs", "--total-timeout"],
  ["maxRetries", "--retries"],
]);

/** The library's advice to a caller → the same advice to a CLI user. */
const CLI_ADVICE: ReadonlyArray<readonly [library: string, cli: string]> = [
  ["set allowInsecureHttp: true", "pass --allow-insecure-http"],
  ["pass the key as apiKey", `put the key in ${ENV_API_KEY}`],
];

const HELP = `Usage: ${PACKAGE_NAME} get <audit_id> [--json] [--no-validate] [--base-url URL]
                     [--allow-insecure-http] [--timeout MS] [--total-timeout MS]
                     [--retries N]

Fetches one Mixpeek audit-log entry and prints it as a table, or with --json as the JSON body
on one line (for jq). The API key comes from ${ENV_API_KEY}.

Options:
  --json            print the entry as one line of JSON instead of a table
  --no-validate     print the entry as received even if it breaks the spec's schema (else
                    exit 5): the way to see a record that breaks the API's contract
  --base-url URL    API root (default: ${ENV_BASE_URL}, else ${DEFAULT_SERVER_URL})
  --allow-insecure-http
                    allow a plain http:// API root other than loopback (the key then
                    travels in clear)
  --timeout MS      time allowed per attempt, in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --total-timeout MS
                    time allowed for the whole call, retries and waits included, in
                    milliseconds (default ${DEFAULT_TOTAL_TIMEOUT_MS}, or --timeout if that is longer, so
                    that one attempt gets all its time)
  --retries N       retries on connection errors, timeouts, 408/429/5xx (default ${DEFAULT_MAX_RETRIES})
  -h, --help        show this help
  -v, --version     show the package and spec versions

Exit codes:
  0    found
  2    usage error (bad arguments, no or malformed API key)
  3    not found (404, or the API answered null)
  4    authentication or permission error (401, 403)
  5    other API error, or a response the spec does not allow (see --no-validate)
  6    network error or timeout
  1    unexpected failure (a bug: please report it)
  130  interrupted (Ctrl-C)
A reader that stops early (| head, | true) ends the CLI quietly, with the exit code above.`;

interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

async function runCli(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  let values: {
    json?: boolean;
    "no-validate"?: boolean;
    "base-url"?: string;
    "allow-insecure-http"?: boolean;
    timeout?: string;
    "total-timeout"?: string;
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
        "no-validate": { type: "boolean" },
        "base-url": { type: "string" },
        "allow-insecure-http": { type: "boolean" },
        timeout: { type: "string" },
        "total-timeout": { type: "string" },
        retries: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    return usage(io, messageOf(error));
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
  const timeoutMs = numberOf(values.timeout);
  const totalTimeoutMs = numberOf(values["total-timeout"]);
  if (timeoutMs !== undefined && totalTimeoutMs !== undefined && timeoutMs > totalTimeoutMs) {
    return usage(
      io,
      `--timeout ${values.timeout} is longer than --total-timeout ${values["total-timeout"]}: ` +
        "no attempt can outlast the whole call",
    );
  }

  try {
    const mixpeek = createMixpeekClient({
      baseUrl: values["base-url"],
      allowInsecureHttp: values["allow-insecure-http"],
      timeoutMs,
      // Asked for a longer attempt than the default deadline allows, one gets all that time.
      totalTimeoutMs:
        totalTimeoutMs ?? ((timeoutMs ?? 0) > DEFAULT_TOTAL_TIMEOUT_MS ? timeoutMs : undefined),
      maxRetries: numberOf(values.retries),
    });
    const event = await mixpeek.getAuditLog(auditId, {
      signal,
      validateResponses: !values["no-validate"],
    });
    if (event === null) {
      if (values.json) io.stdout("null");
      io.stderr(`${PACKAGE_NAME}: ${auditId}: no such audit entry (the API answered null)`);
      return CLI_EXIT.NOT_FOUND;
    }
    io.stdout(values.json ? JSON.stringify(event) : table(event));
    return CLI_EXIT.FOUND;
  } catch (error) {
    const code = exitCodeFor(error);
    // The client's words for an abort ("aborted by the caller") describe a library call.
    const message = code === CLI_EXIT.INTERRUPTED ? "interrupted" : inCliTerms(error);
    io.stderr(`${PACKAGE_NAME}: ${printable(message)}`);
    return code;
  }
}

/**
 * The error's message; for a refused option or variable, in the CLI's terms: the flag instead of
 * the library's option name, the library's advice as a CLI user follows it. Checking values
 * stays the library's alone.
 */
function inCliTerms(error: unknown): string {
  if (!(error instanceof MixpeekArgumentError)) return messageOf(error);
  const flag = FLAG_FOR_OPTION.get(error.argument);
  let message = flag === undefined ? error.message : error.message.replace(error.argument, flag);
  for (const [library, cli] of CLI_ADVICE) message = message.replace(library, cli);
  return message;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function exitCodeFor(error: unknown): number {
  // First: an abort is the user's Ctrl-C, not a failure, whichever class it extends.
  if (error instanceof MixpeekAbortError) return CLI_EXIT.INTERRUPTED;
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
  if (error instanceof MixpeekConnectionError) return CLI_EXIT.NETWORK;
  return CLI_EXIT.FAILED;
}

function usage(io: CliIo, problem: string): number {
  // parseArgs explains over several lines; an error here is one line.
  io.stderr(`${PACKAGE_NAME}: ${problem.replace(/\s*\n\s*/g, " ")} (see --help)`);
  return CLI_EXIT.USAGE;
}

/**
 * A flag's value as the number the library takes. Text that is not a plain decimal number is NaN,
 * which the library refuses with the accepted range, like any other value out of it.
 */
function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * Aligned `key  value` lines, in the order the server sent the fields. A body that has no fields
 * to align (only possible with --no-validate: a string, an array, `{}`) is shown as compact JSON.
 */
function table(event: unknown): string {
  const isRecord = typeof event === "object" && event !== null && !Array.isArray(event);
  const entries = isRecord ? Object.entries(event) : [];
  if (entries.length === 0) return printable(JSON.stringify(event));
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
  // A reader that stops early (`| head`, `| true`) closes the pipe; that is its choice, not a
  // failed lookup, so the lookup's exit code stands. Any other write error still crashes.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  }
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
