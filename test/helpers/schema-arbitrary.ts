import fc from "fast-check";

type Schema = Record<string, unknown>;

/** Any JSON value, without `__proto__` keys (they mean something else in an object literal). */
export const jsonValue: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 2 })
  .map((value) => withoutProtoKeys(value));

function withoutProtoKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProtoKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k === "__proto__" ? "proto" : k, withoutProtoKeys(v)]),
  );
}

/**
 * Values a JSON Schema (the subset Mixpeek's spec uses: type, anyOf, properties, required,
 * items, additionalProperties, default, $ref) allows. Optional properties, and properties with
 * a default, are sometimes left out: the server may omit them.
 */
export function valuesOf(schema: Schema, defs: Record<string, Schema>): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = defs[name];
    if (!target) throw new Error(`unknown $ref ${schema.$ref}`);
    return valuesOf(target, defs);
  }
  if (Array.isArray(schema.anyOf))
    return fc.oneof(...(schema.anyOf as Schema[]).map((s) => valuesOf(s, defs)));
  switch (schema.type) {
    case undefined:
      return jsonValue;
    case "null":
      return fc.constant(null);
    case "string":
      return fc.string({ maxLength: 12 });
    case "integer":
      return fc.integer();
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valuesOf(schema.items as Schema, defs), { maxLength: 3 });
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      if (Object.keys(properties).length === 0 && schema.additionalProperties === true) {
        return fc.dictionary(
          fc.string({ maxLength: 6 }).filter((k) => k !== "__proto__"),
          jsonValue,
          { maxKeys: 3 },
        );
      }
      const arbitraries = Object.fromEntries(
        Object.entries(properties).map(([k, s]) => [k, valuesOf(s, defs)]),
      );
      return fc.record(arbitraries, { requiredKeys: (schema.required ?? []) as string[] });
    }
    default:
      throw new Error(`schema type ${String(schema.type)} not covered by this generator`);
  }
}
