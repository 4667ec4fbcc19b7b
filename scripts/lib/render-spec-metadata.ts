import type { SpecFacts } from "./spec-facts.js";

/**
 * A module of plain constants the client imports for its default base URL and User-Agent, so
 * nothing from the spec is retyped by hand in src/. Separate exports keep it tree-shakeable.
 */
export function renderSpecMetadata(facts: SpecFacts, header: string): string {
  const constants: [name: string, doc: string, value: string][] = [
    ["SPEC_TITLE", "`info.title` of the vendored spec.", facts.title],
    ["SPEC_VERSION", "`info.version` of the vendored spec.", facts.version],
    ["SPEC_SHA256", "SHA-256 of the vendored spec file's bytes.", facts.sha256],
    [
      "DEFAULT_SERVER_URL",
      "`servers[0].url`: the client's default base URL.",
      facts.defaultServerUrl,
    ],
    [
      "AUDIT_LOG_OPERATION_ID",
      `operationId of ${facts.auditLog.method} ${facts.auditLog.path}.`,
      facts.auditLog.operationId,
    ],
  ];
  const body = constants
    .map(([name, doc, value]) => `/** ${doc} */\nexport const ${name} = ${JSON.stringify(value)};`)
    .join("\n\n");
  return `${header}\n${body}\n`;
}
