import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import type { AuditEventResponse, ErrorResponse } from "../../generated/api-types.js";

/** One request as the server saw it: the raw request-target, before any URL parsing. */
export interface RecordedRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** What the server does for one request, instead of behaving like the API. */
export type Misbehaviour =
  /** A JSON body with this status (an ErrorResponse, an HTTPValidationError, …). */
  | { kind: "json"; status: number; body: unknown; headers?: Record<string, string> }
  /** Bytes as given: invalid JSON, an HTML page, an empty body; chunked: no Content-Length. */
  | {
      kind: "raw";
      status: number;
      body: string;
      headers?: Record<string, string>;
      chunked?: boolean;
    }
  /** A JSON 200 sent in these parts (chunked), each flushed `gapMs` after the one before. */
  | { kind: "chunks"; parts: Buffer[]; gapMs: number }
  /** Wait before answering normally. */
  | { kind: "delay"; ms: number }
  /** Send the headers of a normal answer, then stall before the body. */
  | { kind: "stall-body"; ms: number; contentLength?: boolean }
  /** Send the headers (with Content-Length) and half the body, then drop the connection. */
  | { kind: "cut-body" }
  /** Drop the connection without a response. */
  | { kind: "reset" }
  /** A JSON-typed 200 of this many bytes once decompressed, sent gzipped (small Content-Length). */
  | { kind: "gzip-bomb"; bytes: number }
  /** A JSON-typed 200 of this many bytes, with or without a Content-Length. */
  | { kind: "huge"; bytes: number; chunked: boolean };

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queues misbehaviours, used by the next requests in order; then the server behaves again. */
  misbehave(...next: Misbehaviour[]): void;
  /** Resolves once the server has received `count` requests in all. */
  received(count: number): Promise<void>;
  /** Timers the server itself has armed (for delays), so tests can tell them from the client's. */
  pendingTimers(): number;
  close(): Promise<void>;
}

export const TEST_API_KEY = "mxp_sk_test_4f1c2e9b7a";
const AUDIT_PATH = /^\/v1\/organizations\/audit\/logs\/([^/?#]+)$/;

/** One audit event, as the API sends it (shared with the benchmark server). */
export const SAMPLE_EVENT = JSON.parse(
  readFileSync(new URL("../fixtures/audit-event.json", import.meta.url), "utf8"),
) as AuditEventResponse;

export function errorBody(
  status: number,
  message: string,
  type: string,
  details?: Record<string, unknown>,
): ErrorResponse {
  return { success: false, status, error: { message, type, code: null, details: details ?? null } };
}

/** A 503 with the spec's ErrorResponse: retryable, and `headers` (a Retry-After) on top. */
export function unavailable(headers: Record<string, string> = {}): Misbehaviour {
  return {
    kind: "json",
    status: 503,
    body: errorBody(503, "try later", "ServiceUnavailable"),
    headers,
  };
}

/** An id the server never answers (until closed): timeouts and aborts from another process. */
export const UNANSWERED_ID = "audit_unanswered";

/**
 * A local stand-in for the Mixpeek API on 127.0.0.1 and a free port: checks the Bearer key,
 * serves known events (and a `null` one), 404s unknown ids with the spec's ErrorResponse, never
 * answers `UNANSWERED_ID`, and misbehaves on request. Every request is recorded raw.
 */
export async function startTestServer(
  options: { apiKey?: string; events?: Record<string, AuditEventResponse | null> } = {},
): Promise<TestServer> {
  const apiKey = options.apiKey ?? TEST_API_KEY;
  // A Map, not an object: ids like "constructor" or "__proto__" must be unknown ids, not hits.
  const events = new Map(
    Object.entries(options.events ?? { audit_123: SAMPLE_EVENT, audit_null: null }),
  );
  const requests: RecordedRequest[] = [];
  const queue: Misbehaviour[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<() => void>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      // A bug in this helper must fail the test loudly, not hang the client until its timeout.
      send(res, 599, `test server crashed: ${String(error)}`, { "content-type": "text/plain" });
    }
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    requests.push({ method: req.method ?? "", rawPath: req.url ?? "", headers: req.headers });
    for (const waiter of waiters) waiter();
    res.setHeader("x-request-id", `req_${requests.length}`);
    const next = queue.shift();
    if (next === undefined) return behave(req, res);
    switch (next.kind) {
      case "json":
        return send(res, next.status, JSON.stringify(next.body), {
          "content-type": "application/json",
          ...next.headers,
        });
      case "raw":
        if (next.chunked) {
          res.writeHead(next.status, next.headers ?? {});
          res.write(next.body);
          return res.end();
        }
        return send(res, next.status, next.body, next.headers ?? {});
      case "delay":
        return later(next.ms, () => behave(req, res));
      case "chunks": {
        res.writeHead(200, { "content-type": "application/json" });
        const [first, ...rest] = next.parts;
        res.write(first);
        const writeRest = (left: Buffer[]) =>
          later(next.gapMs, () => {
            const [part, ...after] = left;
            if (after.length === 0) return void res.end(part);
            res.write(part);
            writeRest(after);
          });
        return writeRest(rest);
      }
      case "stall-body": {
        const body = JSON.stringify(SAMPLE_EVENT);
        res.writeHead(200, {
          "content-type": "application/json",
          ...(next.contentLength ? { "content-length": String(Buffer.byteLength(body)) } : {}),
        });
        res.flushHeaders();
        return later(next.ms, () => res.end(body));
      }
      case "gzip-bomb": {
        const body = gzipSync(Buffer.alloc(next.bytes, 0x20));
        res.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(body.byteLength),
        });
        return res.end(body);
      }
      case "cut-body": {
        const body = JSON.stringify(SAMPLE_EVENT);
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
        });
        res.write(body.slice(0, body.length / 2));
        return later(20, () => req.socket.destroy());
      }
      case "reset":
        return req.socket.destroy();
      case "huge": {
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        res.writeHead(200, {
          "content-type": "application/json",
          ...(next.chunked ? {} : { "content-length": String(next.bytes) }),
        });
        let left = next.bytes;
        const pump = () => {
          while (left > 0) {
            const part = chunk.subarray(0, Math.min(chunk.length, left));
            left -= part.length;
            if (!res.write(part)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("error", () => {});
        return pump();
      }
    }
  }

  function behave(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(
        res,
        401,
        errorBody(401, "Invalid or missing API key", "AuthenticationError"),
      );
    }
    const match = AUDIT_PATH.exec(req.url ?? "");
    if (req.method !== "GET" || !match) {
      return sendJson(res, 404, errorBody(404, "Route not found", "NotFoundError"));
    }
    const id = decodeURIComponent(match[1]!);
    if (id === UNANSWERED_ID) return;
    if (!events.has(id)) {
      return sendJson(
        res,
        404,
        errorBody(404, "Audit log not found", "NotFoundError", { audit_id: id }),
      );
    }
    return sendJson(res, 200, events.get(id));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    misbehave: (...next) => void queue.push(...next),
    pendingTimers: () => timers.size,
    received: (count) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  send(res, status, JSON.stringify(body), { "content-type": "application/json" });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
) {
  res.writeHead(status, { "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
