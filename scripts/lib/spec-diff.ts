import type { OpenAPI3 } from "openapi-typescript";
import { resolvePointer } from "./json-pointer.js";
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
  /** Where: `GET /v1/…`, `AuditEventResponse.actor_name`, `path parameter audit_id`. */
  readonly where: string;
  /** What happened, in words: `property added (optional, string | null)`. */
  readonly what: string;
  readonly breaking: boolean;
}

type Json = { readonly [key: string]: unknown };
/**
 * Whether the client reads a schema (a response body) or sends it (a request parameter): the
 * same move is breaking one way and not the other.
 */
type Reading = boolean;

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
  // `info` is there: extractWrappedPart refuses a document without its title and version.
  if (before.info.version !== after.info.version) {
    changes.push({
      where: "info.version",
      what: `${before.info.version} → ${after.info.version}`,
      breaking: false,
    });
  }
  const oldServer = before.servers?.[0]?.url;
  const newServer = after.servers?.[0]?.url;
  if (oldServer !== newServer) {
    changes.push({
      where: "servers[0].url",
      // The client's default base URL: users who don't set one are sent elsewhere.
      what: `${String(oldServer)} → ${String(newServer)} (the client's default base URL)`,
      breaking: true,
    });
  }
  if (JSON.stringify(before.security ?? null) !== JSON.stringify(after.security ?? null)) {
    changes.push({
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
    changes.push({ where: operationLabel(declared), what, breaking });
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
    changes.push({ where: where(key), what, breaking });
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
    differ.compare(param.schema as Json, twin.schema as Json, where(key), false);
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
    changes.push({ where, what, breaking });
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
      differ.compare(was.schema as Json, is.schema as Json, `${where} body`, true);
    }
  }
}

function diffComponentNames(before: OpenAPI3, after: OpenAPI3, changes: SpecChange[]) {
  const oldNames = Object.keys(before.components?.schemas ?? {});
  const newNames = new Set(Object.keys(after.components?.schemas ?? {}));
  const push = (name: string, what: string, breaking: boolean) =>
    changes.push({ where: name, what, breaking });
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
    reading: Reading,
  ): void {
    const old = shapeOf(this.before, oldSchema);
    const now = shapeOf(this.after, newSchema);
    const report = (what: string, breaking: boolean) =>
      this.changes.push({ where, what, breaking });

    const oldTypes = describeTypes(old);
    const newTypes = describeTypes(now);
    if (oldTypes !== newTypes) {
      // Narrowed or widened, a changed type breaks: code written for one won't fit the other.
      report(`type changed: ${oldTypes} → ${newTypes}`, true);
    }
    if (old.nullable !== now.nullable) {
      // A reader must now handle null; a sender may no longer send it.
      report(
        now.nullable ? "now nullable" : "no longer nullable",
        reading ? now.nullable : old.nullable,
      );
    }
    diffEnum(old.enum, now.enum, reading, report);
    diffConstraints(old.constraints, now.constraints, reading, report);

    // Components present on both sides are compared under their names (once each); a single
    // component swapped for another (a rename) is compared with its successor.
    const pairs = old.refs.filter((name) => now.refs.includes(name)).map((name) => [name, name]);
    if (pairs.length === 0 && old.refs.length === 1 && now.refs.length === 1) {
      pairs.push([old.refs[0]!, now.refs[0]!]);
    }
    for (const [before, after] of pairs as [string, string][]) {
      const key = `${reading}:${before}→${after}`;
      if (this.compared.has(key)) continue;
      this.compared.add(key);
      const oldTarget = this.before.components?.schemas?.[before] as Json | undefined;
      const newTarget = this.after.components?.schemas?.[after] as Json | undefined;
      this.compare(oldTarget, newTarget, after, reading);
    }
    // Inline properties, including those an allOf brings in (inheritance is flattened).
    this.diffProperties(old, now, where, reading);
    if (old.items || now.items) this.compare(old.items, now.items, `${where}[]`, reading);
  }

  private diffProperties(old: Shape, now: Shape, where: string, reading: Reading) {
    const at = (name: string) => `${where}.${name}`;
    const push = (name: string, what: string, breaking: boolean) =>
      this.changes.push({ where: at(name), what, breaking });
    for (const name of Object.keys(old.properties)) {
      if (!(name in now.properties)) {
        push(name, "property removed", true);
        continue;
      }
      const wasPresent = old.present.has(name);
      const isPresent = now.present.has(name);
      if (wasPresent !== isPresent) {
        // Readers lose a guarantee when a field turns optional; senders gain a duty when required.
        const breaking = reading ? wasPresent : isPresent;
        push(name, isPresent ? "now always present (required)" : "now optional", breaking);
      }
      this.compare(old.properties[name], now.properties[name], at(name), reading);
    }
    for (const name of Object.keys(now.properties)) {
      if (name in old.properties) continue;
      const present = now.present.has(name);
      const shape = shapeOf(this.after, now.properties[name]);
      const type = `${describeTypes(shape)}${shape.nullable ? " | null" : ""}`;
      // A new required field is one more thing a sender must send; a reader just gets more.
      push(
        name,
        `property added (${present ? "required" : "optional"}, ${type})`,
        !reading && present,
      );
    }
  }
}

function diffEnum(
  before: readonly unknown[] | undefined,
  after: readonly unknown[] | undefined,
  reading: Reading,
  report: (what: string, breaking: boolean) => void,
) {
  if (before === undefined && after === undefined) return;
  const text = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");
  if (before === undefined || after === undefined) {
    // Any value ↔ a fixed list: the generated type changes from string to a union or back. A
    // new list on a response field also makes the generated validators (on by default) reject
    // any other value the API sends, which type-checks alone never show.
    const validation = reading
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
  if (added.length > 0) report(`enum values added: ${text(added)}`, reading);
  if (removed.length > 0) report(`enum values removed: ${text(removed)}`, true);
}

function diffConstraints(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
  reading: Reading,
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
    const who = reading
      ? "breaking for users who validate responses, the default: a body that passed may now fail"
      : "breaking: a value the client sends may now be refused";
    const how = was === undefined ? "added" : `changed from ${was}`;
    report(`${keyword} ${how}: ${now} (${who})`, true);
  }
}

const SCHEMA_REF = "#/components/schemas/";

function shapeOf(spec: OpenAPI3, schema: Json | undefined): Shape {
  const shape = {
    types: new Set<string>(),
    nullable: false,
    enum: undefined as unknown[] | undefined,
    properties: {} as Record<string, Json>,
    present: new Set<string>(),
    constraints: {} as Record<string, string>,
    items: undefined as Json | undefined,
    refs: new Set<string>(),
  };
  collect(spec, schema, shape);
  return { ...shape, types: [...shape.types].sort(), refs: [...shape.refs] };
}

function collect(
  spec: OpenAPI3,
  schema: Json | undefined,
  into: {
    types: Set<string>;
    nullable: boolean;
    enum: unknown[] | undefined;
    properties: Record<string, Json>;
    present: Set<string>;
    constraints: Record<string, string>;
    items: Json | undefined;
    refs: Set<string>;
  },
): void {
  // No schema, or `false`; a `true` schema (anything) has none of the keywords read below.
  if (!schema) return;
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.startsWith(SCHEMA_REF)
      ? schema.$ref.slice(SCHEMA_REF.length)
      : undefined;
    into.types.add(name ?? schema.$ref);
    if (name !== undefined) into.refs.add(name);
    return;
  }
  for (const branch of [...listOf(schema.anyOf), ...listOf(schema.oneOf)])
    collect(spec, branch, into);
  // allOf is a merge: a referenced part contributes its fields, not a name.
  for (const part of listOf(schema.allOf)) collect(spec, resolveRef(spec, part), into);
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
  if (schema.properties) {
    into.types.add("object");
    const required = new Set<unknown>(listOf(schema.required));
    for (const [name, property] of Object.entries(schema.properties as Record<string, Json>)) {
      into.properties[name] = property;
      if (required.has(name)) into.present.add(name);
    }
  }
  for (const keyword of VALIDATION_KEYWORDS) {
    if (schema[keyword] === undefined) continue;
    const value = JSON.stringify(schema[keyword]);
    const seen = into.constraints[keyword];
    // allOf parts each add their own: all of them apply.
    into.constraints[keyword] = seen === undefined ? value : `${seen} | ${value}`;
  }
  if (schema.items) into.items = schema.items as Json;
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

/** A list keyword's entries; nothing when it is absent. */
function listOf(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** Follows `$ref`s (a chain of them too, but not round a cycle) to what they point at. */
function resolveRef(spec: OpenAPI3, value: Json): Json {
  let current = value;
  const seen = new Set<string>();
  while (typeof current.$ref === "string" && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = resolvePointer(spec, current.$ref);
    if (!target || typeof target !== "object") return current;
    current = target as Json;
  }
  return current;
}
