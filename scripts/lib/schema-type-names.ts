import ts from "typescript";

/**
 * Words that cannot name an exported type alias in a module: ECMAScript's reserved words (and
 * strict mode's, since modules are strict), `await`, `as` (`export type as` reads as a type-only
 * export) and TypeScript's own type names. Checked against the compiler in the tests.
 */
const RESERVED = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"],
  ...["do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if"],
  ...["import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw"],
  ...["true", "try", "typeof", "var", "void", "while", "with"],
  ...["implements", "interface", "let", "package", "private", "protected", "public", "static"],
  ...["yield", "await", "as"],
  ...["any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined"],
  "unknown",
]);

export interface SchemaTypeNames {
  /** Schema name → the name of its exported type alias. */
  readonly names: ReadonlyMap<string, string>;
  /** Each schema whose mapped name was taken and got a numbered suffix instead, and why. */
  readonly collisions: readonly { readonly schema: string; readonly message: string }[];
}

/**
 * The exported type name of every schema. A name that is already a usable TypeScript identifier
 * keeps its exact spelling (`HTTPValidationError`). Any other is mapped (see `identifierFor`); if
 * the result is taken, by a kept name, an earlier mapped one (in code-unit order of the schema
 * names, so the spec's key order does not matter) or one of `taken` (the generated file's own
 * declarations), it gets the first free `_2`, `_3`, … suffix and a collision line.
 */
export function schemaTypeNames(
  schemas: readonly string[],
  taken: ReadonlySet<string>,
): SchemaTypeNames {
  const owners = new Map<string, string | undefined>([...taken].map((name) => [name, undefined]));
  const names = new Map<string, string>();
  const mapped: string[] = [];
  for (const schema of schemas) {
    if (isUsableIdentifier(schema) && !owners.has(schema)) {
      names.set(schema, schema);
      owners.set(schema, schema);
    } else {
      mapped.push(schema);
    }
  }
  const collisions: { schema: string; message: string }[] = [];
  for (const schema of mapped.sort(compareCodeUnits)) {
    const wanted = identifierFor(schema);
    let name = wanted;
    for (let n = 2; owners.has(name); n++) name = `${wanted}_${n}`;
    if (name !== wanted) {
      const owner = owners.get(wanted);
      const by = owner === undefined ? `the generated \`${wanted}\`` : `schema ${quote(owner)}`;
      const message = `schema ${quote(schema)} maps to the type name ${wanted}, already taken by ${by}; exported as ${name}`;
      collisions.push({ schema, message });
    }
    names.set(schema, name);
    owners.set(name, schema);
  }
  return { names, collisions };
}

/**
 * The identifier a schema name maps to: every run of characters that cannot appear in an
 * identifier is removed and an ASCII letter after it capitalised (`ResourceType-Input` →
 * `ResourceTypeInput`, `checkout.session` → `checkoutSession`); a result that is empty, starts
 * with a character an identifier cannot start with, or is a reserved word gets a leading `_`
 * (`3DSecure` → `_3DSecure`, `string` → `_string`).
 */
export function identifierFor(name: string): string {
  let result = "";
  let capitalise = false;
  for (const char of name) {
    if (!isIdentifierPart(char.codePointAt(0)!)) {
      capitalise = true;
      continue;
    }
    result += capitalise && /^[a-z]$/.test(char) ? char.toUpperCase() : char;
    capitalise = false;
  }
  return isUsableIdentifier(result) ? result : `_${result}`;
}

function isUsableIdentifier(name: string): boolean {
  const [first, ...rest] = [...name].map((char) => char.codePointAt(0)!);
  return (
    first !== undefined &&
    ts.isIdentifierStart(first, ts.ScriptTarget.ESNext) &&
    rest.every(isIdentifierPart) &&
    !RESERVED.has(name)
  );
}

function isIdentifierPart(codePoint: number): boolean {
  return ts.isIdentifierPart(codePoint, ts.ScriptTarget.ESNext);
}

/** Plain code-unit order: the same on every machine, unlike `localeCompare`. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A schema name as messages show it: quoted and escaped, so it stays on one line. */
function quote(name: string): string {
  return JSON.stringify(name);
}
