import type { BumpLint } from "./bump-lint.js";
import { isBreaking } from "./change-report.js";
import { EXIT, type ExitCode } from "./pipeline-error.js";
import { operationLabel } from "./project.js";
import type { Comparison } from "./spec-comparison.js";
import type { TypecheckResult } from "./staged-typecheck.js";
import {
  adviseVersion,
  bumpVersion,
  isPlainVersion,
  type VersionAdvice,
} from "./version-advice.js";
import type { WrappedPart } from "./wrapped-part.js";

/** Why a bump is not applied (or, for a dry run, would not be). */
export type RefusalReason = "no-wrapped-operation" | "downgrade" | "lint" | "breaking";

export interface BumpFlags {
  readonly allowBreaking: boolean;
  readonly allowDowngrade: boolean;
  readonly dryRun: boolean;
}

export interface Decision {
  readonly status: "applied" | "refused" | "dry-run";
  /** Set when a real run does not apply it; a dry run keeps it too, to say what a real run does. */
  readonly reason: RefusalReason | undefined;
  readonly breaking: boolean;
  readonly advice: VersionAdvice;
  /** package.json's version raised as advised; undefined when it is not major.minor.patch. */
  readonly nextVersion: string | undefined;
  /** A dry run exits as the real run would: 0 only when it would apply. */
  readonly exitCode: ExitCode;
  /** Why not applied, for the report and the last line on stderr; empty when applied. */
  readonly outcome: string;
}

/**
 * What to do with a changed spec, from what the earlier steps found. Refusals in this order: the
 * wrapped operation gone (no flag applies that: the client could not be generated), a downgrade,
 * new lint problems, a breaking change.
 */
export function decide(input: {
  readonly comparison: Comparison;
  readonly part: Pick<WrappedPart, "missing" | "renamed">;
  readonly lint: Pick<BumpLint, "fresh" | "accepting">;
  readonly typecheck: TypecheckResult | undefined;
  readonly packageVersion: string | undefined;
  readonly flags: BumpFlags;
}): Decision {
  const { comparison, part, lint, typecheck, packageVersion, flags } = input;
  const breaking = isBreaking({ changes: comparison.changes, typecheck });
  const advice = adviseVersion(comparison.changes, breaking, packageVersion);
  const nextVersion = isPlainVersion(packageVersion)
    ? bumpVersion(packageVersion, advice.level)
    : undefined;

  const gone = [...part.missing, ...part.renamed.map((r) => r.operation)];
  let reason: RefusalReason | undefined;
  let why = "";
  if (gone.length > 0) {
    reason = "no-wrapped-operation";
    why = `the new spec has no ${gone.map(operationLabel).join(", ")}, which this package wraps`;
  } else if (comparison.order?.kind === "older" && !flags.allowDowngrade) {
    reason = "downgrade";
    why = `downgrade from ${comparison.before?.version ?? "?"} to ${comparison.after.version} (rerun with --allow-downgrade to apply anyway)`;
  } else if (lint.fresh.length > 0 && !lint.accepting) {
    reason = "lint";
    why = `${lint.fresh.length} lint problem(s) not in the baseline (fix them upstream, or accept them with --accept-lint-baseline)`;
  } else if (breaking && !flags.allowBreaking) {
    reason = "breaking";
    why = "breaking (rerun with --allow-breaking to apply anyway)";
  }
  const exitCode =
    reason === undefined ? EXIT.OK : reason === "lint" ? EXIT.INVALID_INPUT : EXIT.FAILED_CHECK;
  const status = flags.dryRun ? "dry-run" : reason === undefined ? "applied" : "refused";
  const outcome = flags.dryRun
    ? `dry run: nothing written; a real run ${reason === undefined ? "applies it" : `does not: ${why}`}`
    : reason === undefined
      ? ""
      : `not applied: ${why}`;
  return { status, reason, breaking, advice, nextVersion, exitCode, outcome };
}
