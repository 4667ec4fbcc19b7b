import { readFile, stat } from "node:fs/promises";
import { parseYaml } from "@redocly/openapi-core";
import { firstLine, PipelineError } from "./pipeline-error.js";
import { extractSpecFromMarkdown } from "./markdown-spec.js";

export interface SourceLimits {
  /** Largest source accepted, in bytes (a page or a spec). */
  readonly maxBytes: number;
  /** Time allowed to fetch a URL, body included. */
  readonly timeoutMs: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  // Mixpeek's whole API document is a few MB; ten times that is not a spec.
  maxBytes: 50 * 1024 * 1024,
  timeoutMs: 30_000,
};

export interface SpecSource {
  /** As given on the command line: a path or a URL (after redirects). */
  readonly name: string;
  /** The spec's bytes as published: the file, or the fenced block of a Markdown page. */
  readonly bytes: Uint8Array;
  readonly fromMarkdown: boolean;
  /** When the source says it was last changed: an HTTP `Last-Modified`; files give none. */
  readonly lastModified?: Date;
}

/**
 * Reads a new spec from a local path or an http(s) URL. A YAML or JSON document is taken as is;
 * anything else that holds a fenced yaml/json block with an OpenAPI document (a docs page) gives
 * that block. Validation of the spec itself comes after (parseSpec).
 */
export async function readSpecSource(
  source: string,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): Promise<SpecSource> {
  const fetched = /^[a-z][a-z0-9+.-]*:\/\//i.test(source)
    ? await fetchUrl(source, limits)
    : { name: source, bytes: await readLocal(source, limits) };
  const spec = specFromDocument(fetched.name, fetched.bytes);
  return fetched.lastModified ? { ...spec, lastModified: fetched.lastModified } : spec;
}

function specFromDocument(name: string, bytes: Uint8Array): SpecSource {
  let text: string;
  try {
    // fatal: a page that is not UTF-8 can't give the spec's bytes back unchanged.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PipelineError(`${name}: the source is not UTF-8 text`, { cause: error });
  }
  if (text.trim() === "") throw new PipelineError(`${name}: the source is empty`);
  if (/^\s*<(!doctype html|html[\s>])/i.test(text)) {
    throw new PipelineError(`${name}: is an HTML page, not a spec or a Markdown page holding one`);
  }
  if (isSpecDocument(text)) return { name, bytes, fromMarkdown: false };
  try {
    return { name, bytes: Buffer.from(extractSpecFromMarkdown(text, name)), fromMarkdown: true };
  } catch (error) {
    // Neither a spec nor a page with one: let parseSpec report the YAML/JSON problem precisely.
    if (/^\s*(?:[{[]|[\w"'-]+\s*:)/.test(text)) return { name, bytes, fromMarkdown: false };
    throw error;
  }
}

/** A YAML/JSON document whose top level has an `openapi` or `swagger` key. */
function isSpecDocument(text: string): boolean {
  const hasSpecKey = (parsed: unknown) =>
    typeof parsed === "object" && parsed !== null && ("openapi" in parsed || "swagger" in parsed);
  // JSON first: Mixpeek's full document is 4 MB of it, which a YAML parser reads ten times slower.
  if (/^\s*\{/.test(text)) {
    try {
      return hasSpecKey(JSON.parse(text));
    } catch {
      // Not JSON after all (YAML flow style, or broken): the YAML parser decides.
    }
  }
  try {
    return hasSpecKey(parseYaml(text));
  } catch {
    return false;
  }
}

async function readLocal(file: string, limits: SourceLimits): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new PipelineError(`${file}: is a directory, not a spec file`);
    if (info.size > limits.maxBytes) throw tooLarge(file, limits, info.size);
    return await readFile(file);
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new PipelineError(
      `${file}: cannot read: ${code === "ENOENT" ? "no such file" : firstLine(error)}`,
      {
        cause: error,
      },
    );
  }
}

async function fetchUrl(
  url: string,
  limits: SourceLimits,
): Promise<{ name: string; bytes: Uint8Array; lastModified?: Date }> {
  if (!/^https?:\/\//i.test(url)) {
    throw new PipelineError(
      `${url}: only http:// and https:// URLs (or a local path) are supported`,
    );
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  try {
    // Redirects are followed (a docs site moving a page is routine); the name reports where to.
    const response = await fetch(url, { signal: controller.signal, redirect: "follow" });
    const name = response.url || url;
    if (!response.ok) {
      void response.body?.cancel();
      throw new PipelineError(
        `${name}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`,
      );
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > limits.maxBytes) {
      void response.body?.cancel();
      throw tooLarge(name, limits, declared);
    }
    const bytes = await readAtMost(response, name, limits);
    const lastModified = new Date(response.headers.get("last-modified") ?? Number.NaN);
    return Number.isNaN(lastModified.getTime()) ? { name, bytes } : { name, bytes, lastModified };
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    if (controller.signal.aborted) {
      throw new PipelineError(`${url}: no complete answer within ${limits.timeoutMs} ms`, {
        cause: error,
      });
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new PipelineError(
      `${url}: fetch failed${cause ? ` (${cause})` : `: ${firstLine(error)}`}`,
      {
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
  }
}

async function readAtMost(
  response: Response,
  name: string,
  limits: SourceLimits,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!response.body) return new Uint8Array();
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    // Leaving the loop by throwing cancels the stream.
    if (size > limits.maxBytes) throw tooLarge(name, limits);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function tooLarge(name: string, limits: SourceLimits, size?: number): PipelineError {
  const found = size === undefined ? "more" : `${size} bytes`;
  return new PipelineError(`${name}: too large (${found}; the limit is ${limits.maxBytes} bytes)`);
}
