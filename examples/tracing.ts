import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { Middleware } from "mixpeek-audit";

const tracer = trace.getTracer("mixpeek-audit-example");
const spans = new Map<string, Span>();

/**
 * One OpenTelemetry client span per call, its retries inside it, with the HTTP semantic
 * conventions' attributes and Mixpeek's request id. Use it with `mixpeek.use(tracing)`.
 */
export const tracing: Middleware = {
  onRequest({ id, request }) {
    const attributes = { "http.request.method": request.method, "url.full": request.url };
    spans.set(id, tracer.startSpan(request.method, { kind: SpanKind.CLIENT, attributes }));
  },
  onResponse({ id, response }) {
    const span = spans.get(id);
    spans.delete(id);
    span?.setAttribute("http.response.status_code", response.status);
    span?.setAttribute("mixpeek.request_id", response.headers.get("x-request-id") ?? "");
    if (response.status >= 400) span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
  },
  onError({ id, error }) {
    const span = spans.get(id);
    spans.delete(id);
    span?.recordException(error instanceof Error ? error : String(error));
    span?.setStatus({ code: SpanStatusCode.ERROR });
    span?.end();
  },
};
