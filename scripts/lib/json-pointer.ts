/** JSON pointers as local `$ref`s write them (`#/components/schemas/A~1B`), RFC 6901. */

/** `#/components/schemas/A~1B` → `["components", "schemas", "A/B"]` (URI fragment decoded). */
export function pointerParts(ref: string): string[] {
  const pointer = safeDecode(ref.replace(/^#/, ""));
  if (pointer === "") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** A key as one segment of a pointer: `A/B` → `A~1B`. */
export function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The value a local `$ref` points at in `root`, if any. */
export function resolvePointer(root: unknown, ref: string): unknown {
  let target = root;
  for (const part of pointerParts(ref)) {
    if (target === null || typeof target !== "object") return undefined;
    target = (target as Record<string, unknown>)[part];
  }
  return target;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
