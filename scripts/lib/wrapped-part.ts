import { stringifyYaml } from "@redocly/openapi-core";
import type { OpenAPI3 } from "openapi-typescript";
import { escapePointer, pointerParts, resolvePointer } from "./json-pointer.js";
import { PipelineError } from "./pipeline-error.js";
import { WRAPPED_OPERATIONS, type WrappedOperation } from "./project.js";
import { canonicalJson } from "./spec-identity.js";

type Json = Record<string, unknown>;

/**
 * Header parameters the OpenAPI Parameter Object says to ignore ("the parameter definition SHALL
 * be ignored"); FastAPI emits an optional `Authorization` one for its header dependency.
 */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/**
 * Top-level fields vendored with the operations: the version of OpenAPI, `info` (title and
 * version), `servers` (the client's default base URL), the root `security`, and the dialect the
 * schemas are written in, which changes what they mean.
 */
const ROOT_FIELDS = new Set(["openapi", "info", "jsonSchemaDialect", "servers", "security"]);

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Values that are data, not OpenAPI: a `$ref` key inside them is not a reference. */
const DATA_KEYWORDS = new Set(["example", "default", "const", "enum"]);

export interface WrappedPart {
  /** The declared operations, their path items and everything they reach; nothing else. */
  readonly document: OpenAPI3;
  /** Declared operations the source has under a path with other parameter names. */
  readonly renamed: readonly { readonly operation: WrappedOperation; readonly path: string }[];
  /** Declared operations the source does not have at all. */
  readonly missing: readonly WrappedOperation[];
  /** Ignored header parameters that were dropped, e.g. `GET /v1/… header Authorization`. */
  readonly ignoredHeaders: readonly string[];
  /** What the source holds beyond the wrapped part, for one line of the report. */
  readonly leftOut: {
    readonly paths: number;
    readonly operations: number;
    readonly components: number;
  };
  /** The source is exactly the wrapped part: its bytes can be vendored as they are. */
  readonly isWholeSource: boolean;
}

/**
 * What this package wraps, taken out of a source document: the WRAPPED_OPERATIONS, the path
 * items that hold them (their other operations left out), the components they reach by `$ref`
 * and the security schemes they name, with the document's `openapi`, `info`, `servers` and root
 * `security`. Keys keep the source's order, so the part of a docs page is the page.
 *
 * Problems elsewhere in the source (Mixpeek's full document has `$ref`s that resolve nowhere,
 * all outside the audit operation) are not looked at. A `$ref` inside the part that resolves
 * nowhere, or outside what is vendored, throws one line naming it, where it is and the file.
 */
export function extractWrappedPart(source: OpenAPI3, displayName: string): WrappedPart {
  const root = source as unknown as Json;
  // What names the spec in every report and header: checked before anything is compared.
  const info = asObject(root.info);
  if (typeof info.title !== "string" || typeof info.version !== "string") {
    throw new PipelineError(`${displayName}: \`info.title\` and \`info.version\` must be strings`);
  }
  const sourcePaths = asObject(root.paths);
  const keptItems = new Map<string, Json>();
  const renamed: { operation: WrappedOperation; path: string }[] = [];
  const missing: WrappedOperation[] = [];
  for (const operation of WRAPPED_OPERATIONS) {
    const found = findOperationPath(sourcePaths, operation);
    if (found === undefined) {
      missing.push(operation);
      continue;
    }
    if (found !== operation.path) renamed.push({ operation, path: found });
    const methods = keptItems.get(found) ?? {};
    methods[operation.method] = true;
    keptItems.set(found, methods);
  }

  const ignoredHeaders: string[] = [];
  const paths: Json = {};
  for (const [path, item] of Object.entries(sourcePaths)) {
    const methods = keptItems.get(path);
    if (methods === undefined) continue;
    paths[path] = keptPathItem(root, path, asObject(item), methods, ignoredHeaders);
  }

  const refs = new ReferenceWalker(root, displayName);
  refs.visit(paths, "#/paths");
  const security = [root.security];
  for (const item of Object.values(paths))
    for (const method of METHODS) security.push(asObject(asObject(item)[method]).security);
  for (const requirements of security)
    for (const requirement of Array.isArray(requirements) ? requirements : [])
      for (const scheme of Object.keys(asObject(requirement)))
        refs.reach("securitySchemes", scheme);

  const document: Json = {};
  for (const [key, value] of Object.entries(root)) {
    if (ROOT_FIELDS.has(key)) document[key] = value;
    else if (key === "paths") document.paths = paths;
    else if (key === "components" && refs.reachedAny()) document.components = refs.components();
  }
  refs.checkResolvable(document);

  const leftOut = {
    paths: Object.keys(sourcePaths).length - Object.keys(paths).length,
    operations: countOperations(sourcePaths) - countOperations(paths),
    components: countComponents(root.components) - countComponents(document.components),
  };
  const nothingLeftOut =
    leftOut.paths + leftOut.operations + leftOut.components + ignoredHeaders.length === 0;
  return {
    document: document as unknown as OpenAPI3,
    renamed,
    missing,
    ignoredHeaders,
    leftOut,
    isWholeSource: nothingLeftOut && canonicalJson(document) === canonicalJson(root),
  };
}

/**
 * The part as vendored YAML: js-yaml's layout, which is also that of Mixpeek's docs pages (a
 * page's part comes out as the page's yaml block). No anchors: each value is written out.
 */
export function serializeWrappedPart(part: WrappedPart): string {
  return stringifyYaml(part.document, { noRefs: true });
}

/** `/logs/{audit_id}` and `/logs/{log_id}` are the same route with a renamed parameter. */
const route = (path: string) => path.replace(/\{[^}]*\}/g, "{}");

/** The path holding `operation`: its own, or else one of the same route (a renamed parameter). */
export function findOperationPath(
  paths: Readonly<Record<string, unknown>>,
  operation: WrappedOperation,
): string | undefined {
  const has = (path: string) => isObject(asObject(paths[path])[operation.method]);
  if (has(operation.path)) return operation.path;
  return Object.keys(paths).find((path) => route(path) === route(operation.path) && has(path));
}

function keptPathItem(
  root: Json,
  path: string,
  source: Json,
  methods: Json,
  ignoredHeaders: string[],
): Json {
  // A path item may itself be a $ref (OpenAPI 3.1 `components.pathItems`): its fields are taken.
  const { $ref, ...own } = source;
  const item = typeof $ref === "string" ? { ...asObject(resolvePointer(root, $ref)), ...own } : own;
  const kept: Json = {};
  for (const [key, value] of Object.entries(item)) {
    const isMethod = (METHODS as readonly string[]).includes(key);
    if (isMethod && methods[key] !== true) continue;
    kept[key] = isMethod
      ? withoutIgnoredHeaders(root, asObject(value), `${key.toUpperCase()} ${path}`, ignoredHeaders)
      : value;
  }
  return withoutIgnoredHeaders(root, kept, path, ignoredHeaders);
}

/**
 * A path item or operation without the header parameters OpenAPI ignores; a list left empty
 * by that goes too, so a page that never had the parameter is the same part.
 */
function withoutIgnoredHeaders(
  root: Json,
  holder: Json,
  where: string,
  ignoredHeaders: string[],
): Json {
  const { parameters } = holder;
  if (!Array.isArray(parameters)) return holder;
  const kept = parameters.filter((parameter) => {
    const ref = asObject(parameter).$ref;
    const resolved = asObject(typeof ref === "string" ? resolvePointer(root, ref) : parameter);
    const name = typeof resolved.name === "string" ? resolved.name : "";
    const ignored = resolved.in === "header" && IGNORED_HEADERS.has(name.toLowerCase());
    if (ignored) ignoredHeaders.push(`${where} header ${name}`);
    return !ignored;
  });
  if (kept.length === parameters.length) return holder;
  const result: Json = {};
  for (const [key, value] of Object.entries(holder)) {
    if (key !== "parameters") result[key] = value;
    else if (kept.length > 0) result[key] = kept;
  }
  return result;
}

/** Collects the components a part reaches through `$ref`, transitively, and where each ref is. */
class ReferenceWalker {
  private readonly reached = new Map<string, Set<string>>();
  private readonly refs: { readonly ref: string; readonly at: string }[] = [];

  constructor(
    private readonly root: Json,
    private readonly displayName: string,
  ) {}

  visit(value: unknown, at: string): void {
    if (Array.isArray(value)) return value.forEach((v, i) => this.visit(v, `${at}/${i}`));
    if (!isObject(value)) return;
    if (typeof value.$ref === "string") this.follow(value.$ref, at);
    for (const [key, inner] of Object.entries(value)) {
      // Schema `examples` (3.1) is a list of data; a media type's is a map of Example Objects.
      if (DATA_KEYWORDS.has(key) || (key === "examples" && Array.isArray(inner))) continue;
      this.visit(inner, `${at}/${escapePointer(key)}`);
    }
  }

  reach(kind: string, name: string): void {
    const names = this.reached.get(kind) ?? new Set<string>();
    this.reached.set(kind, names);
    if (names.has(name)) return;
    names.add(name);
    const target = asObject(asObject(this.root.components)[kind])[name];
    // A missing one is left to checkResolvable (a $ref) or to the lint (a security scheme).
    if (target !== undefined) this.visit(target, `#/components/${kind}/${escapePointer(name)}`);
  }

  reachedAny(): boolean {
    return [...this.reached.values()].some((names) => names.size > 0);
  }

  /** The reached components in the source's order, kinds and names alike. */
  components(): Json {
    const result: Json = {};
    for (const [kind, entries] of Object.entries(asObject(this.root.components))) {
      const names = this.reached.get(kind);
      if (names === undefined) continue;
      const kept = Object.entries(asObject(entries)).filter(([name]) => names.has(name));
      if (kept.length > 0) result[kind] = Object.fromEntries(kept);
    }
    return result;
  }

  /** Every `$ref` met must resolve inside the part; the first that doesn't is the error. */
  checkResolvable(part: Json): void {
    const broken = this.refs.filter(({ ref }) => resolvePointer(part, ref) === undefined);
    const [first] = broken;
    if (first === undefined) return;
    const elsewhere = resolvePointer(this.root, first.ref) !== undefined;
    const why = elsewhere
      ? "points outside what this package vendors (only components can be referenced)"
      : "resolves to nothing";
    const more = broken.length > 1 ? ` (and ${broken.length - 1} more)` : "";
    throw new PipelineError(
      `${this.displayName}: ${first.at}: $ref ${JSON.stringify(first.ref)} ${why}${more}`,
    );
  }

  private follow(ref: string, at: string): void {
    if (!ref.startsWith("#")) {
      throw new PipelineError(
        `${this.displayName}: ${at}: $ref ${JSON.stringify(ref)} points into another document; only a single-document spec can be vendored`,
      );
    }
    const [first, kind, name] = pointerParts(ref);
    this.refs.push({ ref, at });
    if (first === "components" && kind !== undefined && name !== undefined) {
      this.reach(kind, name);
    }
  }
}

function countOperations(paths: unknown): number {
  let count = 0;
  for (const item of Object.values(asObject(paths)))
    for (const method of METHODS) if (isObject(asObject(item)[method])) count++;
  return count;
}

function countComponents(components: unknown): number {
  return Object.values(asObject(components)).reduce<number>(
    (sum, entries) => sum + Object.keys(asObject(entries)).length,
    0,
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}
