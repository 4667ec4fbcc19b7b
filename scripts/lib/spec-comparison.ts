import { access } from "node:fs/promises";
import type { OpenAPI3 } from "openapi-typescript";
import type { ProjectLayout } from "./project.js";
import type { SpecChange } from "./spec-diff.js";
import { readSpecFile, type SpecDocument } from "./spec-document.js";
import { specIdentity, type SpecIdentity } from "./spec-identity.js";
import { compareSpecVersions, type VersionOrder } from "./spec-version.js";
import { extractWrappedPart } from "./wrapped-part.js";

/** The new part against the vendored one. */
export interface Comparison {
  /** Undefined on a first import (nothing vendored yet). */
  readonly before: SpecIdentity | undefined;
  readonly after: SpecIdentity;
  /** Deep-equal parts: same content hash. Nothing to do then. */
  readonly unchanged: boolean;
  /** How the new `info.version` relates to the vendored one; undefined on a first import. */
  readonly order: VersionOrder | undefined;
  readonly changes: readonly SpecChange[];
}

/** The vendored spec and its part (the file may predate extraction); undefined if none yet. */
export async function readVendoredPart(
  layout: ProjectLayout,
  displayName: string,
): Promise<{ readonly spec: SpecDocument; readonly part: OpenAPI3 } | undefined> {
  // No vendored spec yet (a first import): everything is new. A broken one is an error: it
  // can't be compared with and must be restored first (git checkout).
  const exists = await access(layout.specFile).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const spec = await readSpecFile(layout.specFile, displayName);
  return { spec, part: extractWrappedPart(spec.openapi, displayName).document };
}

/**
 * Compares the part of a new source with the vendored part: by content hash first (key order
 * and layout don't count), and only when they differ change by change.
 */
export async function compareWithVendored(
  vendored: OpenAPI3 | undefined,
  next: OpenAPI3,
  published?: Date,
): Promise<Comparison> {
  const after = specIdentity(next, published);
  if (vendored === undefined) {
    return { before: undefined, after, unchanged: false, order: undefined, changes: [] };
  }
  const before = specIdentity(vendored);
  const order = compareSpecVersions(vendored.info?.version, next.info?.version);
  if (before.sha256 === after.sha256) return { before, after, unchanged: true, order, changes: [] };
  // Loaded only now: the diff brings TypeScript (exported type names), which an unchanged
  // source, the weekly common case, never needs.
  const { diffSpecs } = await import("./spec-diff.js");
  return { before, after, unchanged: false, order, changes: diffSpecs(vendored, next) };
}
