import type { RefusalReason } from "./bump-decision.js";
import { isBreaking, renderTitle, type UpdateReport } from "./change-report.js";
import { changedWithoutVersionBump, describeSpec, type SpecIdentity } from "./spec-identity.js";
import type { BumpLevel } from "./version-advice.js";

/** What `--json` holds: what CI branches on, for every outcome. */
export interface UpdateOutcome {
  readonly status: "applied" | "unchanged" | "refused" | "dry-run" | "error";
  /** Why a real run does not apply it (a dry run says it too). */
  readonly reason?: RefusalReason;
  /** For `error`: the one line printed on stderr. */
  readonly message?: string;
  readonly breaking: boolean;
  readonly downgrade: boolean;
  /** The part changed while `info.version` did not (Mixpeek does that). */
  readonly changedWithoutVersionBump: boolean;
  readonly advice: BumpLevel | null;
  /** Title, version, content hash and (from an HTTP source) date of each side. */
  readonly spec: { readonly before: SpecIdentity | null; readonly after: SpecIdentity | null };
  readonly packageVersion: { readonly before: string | null; readonly after: string | null };
  /** A one-line title for the pull request. */
  readonly title: string;
}

/** The outcome of a bump that got as far as a report. */
export function reportOutcome(
  report: UpdateReport,
  status: "applied" | "refused" | "dry-run",
  reason: RefusalReason | undefined,
  packageVersion: string | undefined,
): UpdateOutcome {
  const applied = status === "applied" && report.packageVersion?.applied === true;
  return {
    status,
    ...(reason ? { reason } : {}),
    breaking: isBreaking(report),
    downgrade: report.order?.kind === "older",
    changedWithoutVersionBump: changedWithoutVersionBump(report.spec.before, report.spec.after),
    advice: report.advice?.level ?? null,
    spec: { before: report.spec.before ?? null, after: report.spec.after },
    packageVersion: {
      before: packageVersion ?? null,
      after: (applied ? report.packageVersion?.next : packageVersion) ?? null,
    },
    title: renderTitle(report),
  };
}

/** A source whose part is the vendored one: nothing to do. */
export function unchangedOutcome(
  spec: SpecIdentity,
  packageVersion: string | undefined,
): UpdateOutcome {
  return {
    status: "unchanged",
    breaking: false,
    downgrade: false,
    changedWithoutVersionBump: false,
    advice: null,
    spec: { before: spec, after: spec },
    packageVersion: { before: packageVersion ?? null, after: packageVersion ?? null },
    title: `Mixpeek spec: already ${describeSpec(spec)}`.replace(/\s+/g, " "),
  };
}

/** A bump that stopped on an error (exit 2): the message is the line printed on stderr. */
export function errorOutcome(message: string): UpdateOutcome {
  return {
    status: "error",
    message,
    breaking: false,
    downgrade: false,
    changedWithoutVersionBump: false,
    advice: null,
    spec: { before: null, after: null },
    packageVersion: { before: null, after: null },
    title: "Mixpeek spec: update failed",
  };
}

export function renderOutcomeJson(outcome: UpdateOutcome): string {
  return `${JSON.stringify(outcome, null, 2)}\n`;
}
