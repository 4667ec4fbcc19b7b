import { PipelineError } from "./pipeline-error.js";

/** Info-string languages a docs page uses for an embedded spec (Mixpeek: ```` ````yaml ````). */
const SPEC_LANGUAGES = new Set(["yaml", "yml", "json"]);
/** A top-level `openapi`/`swagger` key in YAML: at the start of a line, not indented. */
const YAML_SPEC_KEY = /^(?:openapi|swagger)\s*:/m;

interface FencedBlock {
  readonly language: string;
  readonly content: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/**
 * The OpenAPI document embedded in a Markdown page, exactly as published: the content of the
 * one fenced yaml/json block whose top level has an `openapi` (or `swagger`) key, byte for byte
 * (CommonMark: the lines between the fences, each with its line ending).
 */
export function extractSpecFromMarkdown(markdown: string, displayName: string): string {
  const candidates = fencedBlocks(markdown).filter(
    (b) => SPEC_LANGUAGES.has(b.language) && holdsSpec(b),
  );
  const [only, second] = candidates;
  if (!only) {
    throw new PipelineError(
      `${displayName}: no fenced yaml or json block with an OpenAPI document in this Markdown page`,
    );
  }
  if (second) {
    throw new PipelineError(
      `${displayName}:${second.line}: more than one fenced block holds an OpenAPI document ` +
        `(lines ${candidates.map((b) => b.line).join(", ")}); pass the spec itself`,
    );
  }
  return only.content;
}

/** JSON is parsed to find its top-level keys; YAML is recognised by an unindented key. */
function holdsSpec(block: FencedBlock): boolean {
  if (block.language !== "json") return YAML_SPEC_KEY.test(block.content);
  try {
    const parsed = JSON.parse(block.content) as unknown;
    return (
      typeof parsed === "object" && parsed !== null && ("openapi" in parsed || "swagger" in parsed)
    );
  } catch {
    return false;
  }
}

function fencedBlocks(markdown: string): FencedBlock[] {
  // Keep each line's own ending ("\n" or "\r\n") so the content is the published bytes.
  const lines = markdown.match(/[^\n]*(?:\n|$)/g) ?? [];
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^\r\n]*\r?\n?$/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "", language = ""] = open;
    const close = new RegExp(
      `^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[ \\t]*\\r?\\n?$`,
    );
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j] ?? "")) {
      // CommonMark: content lines lose as much leading space as the opening fence had.
      body.push((lines[j] ?? "").replace(new RegExp(`^ {0,${indent.length}}`), ""));
      j++;
    }
    blocks.push({ language: language.toLowerCase(), content: body.join(""), line: i + 1 });
    i = j;
  }
  return blocks;
}
