import type { OpenAPI3 } from "openapi-typescript";
import { operationLabel, WRAPPED_OPERATIONS, type WrappedOperation } from "./project.js";
import { schemaTypeNames } from "./schema-type-names.js";
import { findOperationPath } from "./wrapped-part.js";

/**
 * What changed between two versions of the part this package vendors (the wrapped operations and
 * what they reach), judged for a consumer of this client: someone who reads responses (so a
 * response field that may now be missing or null breaks them) and sends requests (so a new
 * required parameter breaks them).
 */
export interface SpecChange {
  readonly section: "info" | "operations" | "schemas" | "parameters" | "responses";
  /** Where: `GET /v1/…`, `AuditEventResponse.actor_name`, `path parameter audit_id`. */
  readonly where: string;
  /** What happened, in words: `property added (optional, string | null)`. */
  readonly what: string;
  readonly breaking: boolean;
}

type Json = { readonly [key: string]: unknown };
/** A schema is read in a response (the client receives it) or a request (the client sends it). */
type Direction = "response" | "request";

/** A schema reduced to what decides compatibility. */
interface Shape {
  /** Sorted non-null types; `$ref` targets as their component name; empty means any value. */
  readonly types: readonly string[];
  readonly nullable: boolean;
  readonly enum: readonly unknown[] | undefined;
  readonly properties: Readonly<Record<string, Json>>;
  /** Required properties. Not those with only a default: the types make those optional too. */
  readonly present: ReadonlySet<string>;
  /** Validation keywords (pattern, bounds, additionalProperties…), each as its JSON text. */
  readonly constraints: Readonly<Record<string, string>>;
  readonly items: Json | undefined;
  /** Components the schema is one of (`$ref`, or `anyOf`/`oneOf` branches), compared by name. */
  readonly refs: readonly string[];
}

export function diffSpecs(before: OpenAPI3, after: OpenAPI3): SpecChange[] {
  const changes: SpecChange[] = [];
  const differ = new SchemaDiffer(before, after, changes);
  if (before.info?.version !== after.info?.version) {
    changes.push({
      section: "info",
      where: "info.version",
      what: `${String(before.info?.version)} → ${String(after.info?.version)}`,
      breaking: false,
    });
  }
  const oldServer = before.servers?.[0]?.url;
  const newServer = after.servers?.[0]?.url;
  if (oldServer !== newServer) {
    changes.push({
      section: "info",
      where: "servers[0].url",
      // The client's default base URL: users who don't set one are sent elsewhere.
      what: `${String(oldServer)} → ${String(newServer)} (the client's default base URL)`,
      breaking: true,
    });
  }
  if (JSON.stringify(before.security ?? null) !== JSON.stringify(after.security ?? null)) {
    changes.push({
      section: "info",
      where: "security",
      what: "security requirements changed (the client sends `Authorization: Bearer` whatever they say)",
      breaking: false,
    });
  }
  for (const declared of WRAPPED_OPERATIONS) diffOperation(declared, changes, differ);
  diffComponentNames(before, after, changes);
  return changes;
}

interface Operation extends WrappedOperation {
  readonly operation: Json;
  readonly pathItem: Json;
}

/** The declared operation in `spec`: under its path, or one of the same route (renamed). */
function operationIn(spec: OpenAPI3, declared: WrappedOperation): Operation | undefined {
  const paths = (spec.paths ?? {}) as Record<string, Json>;
  const path = findOperationPath(paths, declared);
  if (path === undefined) return undefined;
  const pathItem = paths[path]!;
  return { method: declared.method, path, operation: pathItem[declared.method] as Json, pathItem };
}

function diffOperation(declared: WrappedOperation, changes: SpecChange[], differ: SchemaDiffer) {
  const old = operationIn(differ.before, declared);
  const now = operationIn(differ.after, declared);
  const push = (what: string, breaking: boolean) =>
    changes.push({ section: "operations", where: operationLabel(declared), what, breaking });
  if (old === undefined) {
    if (now !== undefined) push("operation added", false);
    return;
  }
  if (now === undefined) return void push("operation removed", true);
  if (now.path !== old.path) push(`path template renamed to ${now.path}`, true);
  diffParameters(old, now, changes, differ);
  diffResponses(old, now, changes, differ);
}

function diffParameters(
  old: Operation,
  now: Operation,
  changes: SpecChange[],
  differ: SchemaDiffer,
) {
  const before = parametersOf(old, differ.before);
  const after = parametersOf(now, differ.after);
  const where = (key: string) => `${operationLabel(old)} ${key.replace(":", " parameter ")}`;
  const push = (key: string, what: string, breaking: boolean) =>
    changes.push({ section: "parameters", where: where(key), what, breaking });
  for (const [key, param] of before) {
    const twin = after.get(key);
    if (!twin) {
      push(key, "parameter removed", true);
      continue;
    }
    if (Boolean(param.required) !== Boolean(twin.required)) {
      const required = Boolean(twin.required);
      push(key, required ? "now required" : "now optional", required);
    }
    differ.compare(param.schema as Json, twin.schema as Json, where(key), "request", "parameters");
  }
  for (const [key, param] of after) {
    if (before.has(key)) continue;
    const required = Boolean(param.required);
    push(key, `parameter added (${required ? "required" : "optional"})`, required);
  }
}

/** Path-level and operation-level parameters, keyed `in:name`, operation-level winning. */
function parametersOf(op: Operation, spec: OpenAPI3): Map<string, Json> {
  const params = new Map<string, Json>();
  for (const list of [op.pathItem.parameters, op.operation.parameters]) {
    for (const raw of (Array.isArray(list) ? list : []) as Json[]) {
      const param = resolveRef(spec, raw);
      params.set(`${String(param.in)}:${String(param.name)}`, param);
    }
  }
  return params;
}

function diffResponses(
  old: Operation,
  now: Operation,
  changes: SpecChange[],
  differ: SchemaDiffer,
) {
  const before = (old.operation.responses ?? {}) as Record<string, Json>;
  const after = (now.operation.responses ?? {}) as Record<string, Json>;
  const push = (where: string, what: string, breaking: boolean) =>
    changes.push({ section: "responses", where, what, breaking });
  for (const status of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const where = `${operationLabel(old)} → ${status}`;
    const oldResponse = before[status] && resolveRef(differ.before, before[status]);
    const newResponse = after[status] && resolveRef(differ.after, after[status]);
    if (!newResponse) {
      push(where, "response removed", true);
      continue;
    }
    if (!oldResponse) {
      push(where, "response added", false);
      continue;
    }
    const oldContent = (oldResponse.content ?? {}) as Record<string, Json>;
    const newContent = (newResponse.content ?? {}) as Record<string, Json>;
    for (const type of new Set([...Object.keys(oldContent), ...Object.keys(newContent)])) {
      const [was, is] = [oldContent[type], newContent[type]];
      if (!was || !is) {
        push(`${where} ${type}`, is ? "content type added" : "content type removed", !is);
        continue;
      }
      differ.compare(
        was.schema as Json,
        is.schema as Json,
        `${where} body`,
        "response",
        "responses",
      );
    }
  }
}

function diffComponentNames(before: OpenAPI3, after: OpenAPI3, changes: SpecChange[]) {
  const oldNames = Object.keys(before.components?.schemas ?? {});
  const newNames = new Set(Object.keys(after.components?.schemas ?? {}));
  const push = (name: string, what: string, breaking: boolean) =>
    changes.push({ section: "schemas", where: name, what, breaking });
  // Each component is exported as a root type (`AuditEventResponse`): users import them.
  for (const name of oldNames)
    if (!newNames.has(name)) push(name, "schema removed (its exported type goes too)", true);
  for (const name of newNames) if (!oldNames.includes(name)) push(name, "schema added", false);

  // Names that are not TypeScript names are mapped, and a taken one gets a suffix: a new schema
  // can take the type name another schema was exported under (`FooBar` arriving for `Foo-Bar`).
  const oldTypes = exportedTypeNames(before);
  const newTypes = exportedTypeNames(after);
  const schemaNamed = new Map([...newTypes].map(([schema, type]) => [type, schema]));
  for (const [schema, type] of oldTypes) {
    const renamed = newTypes.get(schema);
    if (renamed !== undefined && renamed !== type)
      push(schema, `exported type renamed: ${type} → ${renamed}`, true);
    const owner = schemaNamed.get(type);
    if (owner !== undefined && owner !== schema)
      push(schema, `exported type ${type} now names schema "${owner}"`, true);
  }
}

/** openapi-typescript's own declarations, which schema type names must not take. */
const GENERATED_DECLARATIONS = new Set(["paths", "webhooks", "components", "$defs", "operations"]);

function exportedTypeNames(spec: OpenAPI3): ReadonlyMap<string, string> {
  const schemas = Object.keys(spec.components?.schemas ?? {});
  return schemaTypeNames(schemas, GENERATED_DECLARATIONS).names;
}

/** Compares schemas recursively; each named component is compared once, under its name. */
class SchemaDiffer {
  private readonly compared = new Set<string>();

  constructor(
    readonly before: OpenAPI3,
    readonly after: OpenAPI3,
    private readonly changes: SpecChange[],
  ) {}

  compare(
    oldSchema: Json | undefined,
    newSchema: Json | undefined,
    where: string,
    direction: Direction,
    section: SpecChange["section"],
  ): void {
    const old = shapeOf(this.before, oldSchema, direction);
    const now = shapeOf(this.after, newSchema, direction);
    const report = (what: string, breaking: boolean) =>
      this.changes.push({ section, where, what, breaking });

    const oldTypes = describeTypes(old);
    const newTypes = describeTypes(now);
    if (oldTypes !== newTypes) {
      // Narrowed or widened, a changed type breaks: code written for one won't fit the other.
      report(`type changed: ${oldTypes} → ${newTypes}`, true);
    }
    if (old.nullable !== now.nullable) {
      // A reader must now handle null; a sender may no longer send it.
      const breaking = direction === "response" ? now.nullable : old.nullable;
      report(now.nullable ? "now nullable" : "no longer nullable", breaking);
    }
    diffEnum(old.enum, now.enum, direction, report);
    diffConstraints(old.constraints, now.constraints, direction, report);

    // Components present on both sides are compared under their names (once each); a single
    // component swapped for another (a rename) is compared with its successor.
    const pairs = old.refs.filter((name) => now.refs.includes(name)).map((name) => [name, name]);
    if (old.refs.length === 1 && now.refs.length === 1 && pairs.length === 0) {
      pairs.push([old.refs[0]!, now.refs[0]!]);
    }
    for (const [before, after] of pairs) {
      const key = `${direction}:${before}→${after}`;
      if (this.compared.has(key)) continue;
      this.compared.add(key);
      const oldTarget = this.before.components?.schemas?.[before!] as Json | undefined;
      const newTarget = this.after.components?.schemas?.[after!] as Json | undefined;
      this.compare(oldTarget, newTarget, after!, direction, "schemas");
    }
    // Inline properties, including those an allOf brings in (inheritance is flattened).
    this.diffProperties(old, now, where, direction, section);
    if (old.items || now.items)
      this.compare(old.items, now.items, `${where}[]`, direction, section);
  }

  private diffProperties(
    old: Shape,
    now: Shape,
    where: string,
    direction: Direction,
    section: SpecChange["section"],
  ) {
    const at = (name: string) => `${where}.${name}`;
    const push = (name: string, what: string, breaking: boolean) =>
      this.changes.push({ section, where: at(name), what, breaking });
    for (const name of Object.keys(old.properties)) {
      if (!(name in now.properties)) {
        push(name, "property removed", true);
        continue;
      }
      const wasPresent = old.present.has(name);
      const isPresent = now.present.has(name);
      if (wasPresent !== isPresent) {
        // Readers lose a guarantee when a field turns optional; senders gain a duty when required.
        const breaking = direction === "response" ? wasPresent : isPresent;
        push(name, isPresent ? "now always present (required)" : "now optional", breaking);
      }
      this.compare(old.properties[name], now.properties[name], at(name), direction, section);
    }
    for (const name of Object.keys(now.properties)) {
      if (name in old.properties) continue;
      const present = now.present.has(name);
      const shape = shapeOf(this.after, now.properties[name], direction);
      push(
        name,
        `property added (${present ? "required" : "optional"}, ${describeTypes(shape)}${shape.nullable ? " | null" : ""})`,
        direction === "request" && present,
      );
    }
  }
}

function diffEnum(
  before: readonly unknown[] | undefined,
  after: readonly unknown[] | undefined,
  direction: Direction,
  report: (what: string, breaking: boolean) => void,
) {
  if (before === undefined && after === undefined) return;
  const text = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
  if (before === undefined || after === undefined) {
    // Any value ↔ a fixed list: the generated type changes from string to a union or back. A
    // new list on a response field also makes the generated validators (on by default) reject
    // any other value the API sends, which type-checks alone never show.
    const validation =
      after && direction === "response"
        ? " (breaking for users who validate responses, the default: any other value now fails validation)"
        : "";
    report(
      after ? `now restricted to ${text(after)}${validation}` : "no longer restricted to a list",
      true,
    );
    return;
  }
  const added = after.filter((v) => !before.some((w) => JSON.stringify(w) === JSON.stringify(v)));
  const removed = before.filter((v) => !after.some((w) => JSON.stringify(w) === JSON.stringify(v)));
  // Exhaustive switches over a response enum break on any change; senders only lose by removal.
  if (added.length > 0) report(`enum values added: ${text(added)}`, direction === "response");
  if (removed.length > 0) report(`enum values removed: ${text(removed)}`, true);
}

function diffConstraints(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
  direction: Direction,
  report: (what: string, breaking: boolean) => void,
) {
  for (const keyword of VALIDATION_KEYWORDS) {
    const [was, now] = [before[keyword], after[keyword]];
    if (was === now) continue;
    if (now === undefined) {
      report(`${keyword} ${was} dropped`, false);
      continue;
    }
    // Tighter or looser is not told apart: either may turn away what was accepted before.
    const who =
      direction === "response"
        ? "breaking for users who validate responses, the default: a body that passed may now fail"
        : "breaking: a value the client sends may now be refused";
    report(
      `${keyword} ${was === undefined ? "added" : `changed from ${was}`}: ${now} (${who})`,
      true,
    );
  }
}

function shapeOf(spec: OpenAPI3, schema: Json | undefined, direction: Direction): Shape {
  const shape = {
    types: new Set<string>(),
    nullable: false,
    enum: undefined as unknown[] | undefined,
    properties: {} as Record<string, Json>,
    present: new Set<string>(),
    constraints: {} as Record<string, string>,
    items: undefined as Json | undefined,
    refs: [] as string[],
  };
  collect(spec, schema, direction, shape);
  const types = [...shape.types].sort();
  return { ...shape, types };
}

function collect(
  spec: OpenAPI3,
  schema: Json | undefined,
  direction: Direction,
  into: {
    types: Set<string>;
    nullable: boolean;
    enum: unknown[] | undefined;
    properties: Record<string, Json>;
    present: Set<string>;
    constraints: Record<string, string>;
    items: Json | undefined;
    refs: string[];
  },
): void {
  if (!schema || typeof schema !== "object") return;
  if (typeof schema.$ref === "string") {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    into.types.add(name ?? schema.$ref);
    if (name !== undefined && !into.refs.includes(name)) into.refs.push(name);
    return;
  }
  const branches = [schema.anyOf, schema.oneOf].flatMap((b) =>
    Array.isArray(b) ? (b as Json[]) : [],
  );
  for (const branch of branches) collect(spec, branch, direction, into);
  // allOf is a merge: a referenced part contributes its fields, not a name.
  for (const part of Array.isArray(schema.allOf) ? (schema.allOf as Json[]) : []) {
    collect(spec, resolveRef(spec, part), direction, into);
  }
  for (const type of Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []) {
    if (type === "null") into.nullable = true;
    else into.types.add(String(type));
  }
  if (schema.nullable === true) into.nullable = true;
  if (Array.isArray(schema.enum)) {
    const values: unknown[] = schema.enum.filter((v: unknown) => v !== null);
    if (values.length < schema.enum.length) into.nullable = true;
    into.enum = [...(into.enum ?? []), ...values];
  }
  if (schema.const !== undefined) into.enum = [...(into.enum ?? []), schema.const];
  if (schema.properties && typeof schema.properties === "object") {
    into.types.add("object");
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    for (const [name, property] of Object.entries(schema.properties as Record<string, Json>)) {
      into.properties[name] = property;
      if (required.has(name)) into.present.add(name);
    }
  }
  for (const keyword of VALIDATION_KEYWORDS) {
    if (schema[keyword] === undefined) continue;
    const value = JSON.stringify(schema[keyword]);
    const seen = into.constraints[keyword];
    into.constraints[keyword] = seen === undefined ? value : `${seen} | ${value}`;
  }
  if (schema.items && typeof schema.items === "object") into.items = schema.items as Json;
}

/**
 * Keywords the generated validators enforce beyond types, enums and `required` (`format` is left
 * unchecked on purpose). Any new or changed one may reject what passed before.
 */
const VALIDATION_KEYWORDS = [
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "additionalProperties",
] as const;

function describeTypes(shape: Pick<Shape, "types">): string {
  if (shape.types.length === 0) return "unknown";
  return shape.types.join(" | ");
}

function resolveRef(spec: OpenAPI3, value: Json): Json {
  let current = value;
  for (let hops = 0; typeof current?.$ref === "string" && hops < 20; hops++) {
    const pointer = current.$ref.replace(/^#\//, "").split("/");
    let target: unknown = spec;
    for (const part of pointer) {
      target = (target as Json | undefined)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    }
    if (!target || typeof target !== "object") return current;
    current = target as Json;
  }
  return current;
}
