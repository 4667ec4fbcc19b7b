import { readFile } from "node:fs/promises";
import path from "node:path";
import { firstLine, PipelineError } from "./pipeline-error.js";

/** The project's package.json: where the upstream spec source and the package version live. */
export interface PackageFile {
  readonly path: string;
  readonly text: string;
  readonly version: string | undefined;
  /** `config.specSource`: the URL (or path) `spec:update` reads when given none. */
  readonly specSource: string | undefined;
}

export async function readPackageFile(root: string): Promise<PackageFile> {
  const file = path.join(root, "package.json");
  let text: string;
  let json: { version?: unknown; config?: { specSource?: unknown } };
  try {
    text = await readFile(file, "utf8");
    json = JSON.parse(text) as typeof json;
  } catch (error) {
    throw new PipelineError(`package.json: cannot read: ${firstLine(error)}`, { cause: error });
  }
  const source = json.config?.specSource;
  return {
    path: file,
    text,
    version: typeof json.version === "string" ? json.version : undefined,
    specSource: typeof source === "string" && source !== "" ? source : undefined,
  };
}

/** package.json with only its `version` changed, formatting and key order kept. */
export function withVersion(pkg: PackageFile, version: string): string {
  const field = /^( {2}"version": )"[^"]*"/m;
  if (!field.test(pkg.text)) throw new PipelineError(`package.json: no top-level "version" field`);
  return pkg.text.replace(field, (_, key: string) => `${key}${JSON.stringify(version)}`);
}
