/**
 * Validate YAML text against a zod schema and turn every issue into a positioned, one-line
 * message: `file:line:col: params[2].direction: expected one of in, out, inout, none [schema]`.
 */
import type { z } from "zod";
import type { LintMessage } from "../lint/message.js";
import { parseYamlSource, type YamlPath, type YamlSource } from "./source.js";

/** `params[2].direction` */
export function formatYamlPath(path: YamlPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(top level)" : out;
}

function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}`;
    case "invalid_type":
      return issue.message.includes("received undefined")
        ? "is required"
        : issue.message.replace(/^Invalid input: /, "");
    case "invalid_union":
      return "matches none of the allowed forms (check `kind`)";
    default:
      return issue.message.replace(/^Invalid input: /, "");
  }
}

export interface Validated<T> {
  readonly source: YamlSource;
  /** Undefined when the text has syntax errors or schema issues. */
  readonly data: T | undefined;
  readonly messages: LintMessage[];
}

/** Parse `text` as YAML and check it against `schema`. */
export function validateYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): Validated<z.output<S>> {
  const source = parseYamlSource(text, file);
  if (source.syntaxErrors.length > 0) {
    return { source, data: undefined, messages: [...source.syntaxErrors] };
  }
  if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) {
    return {
      source,
      data: undefined,
      messages: [source.at([], "schema", "the document must be a mapping (key: value pairs)")],
    };
  }
  const parsed = schema.safeParse(source.value);
  if (parsed.success) return { source, data: parsed.data, messages: [] };
  const messages = parsed.error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    // An unknown key is reported at the key itself, so the editor jumps to the typo.
    if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) {
      return source.at(
        [...path, issue.keys[0]],
        "schema",
        `${formatYamlPath(path)}: ${issueText(issue)}`,
        "error",
        true,
      );
    }
    return source.at(path, "schema", `${formatYamlPath(path)}: ${issueText(issue)}`);
  });
  return { source, data: undefined, messages };
}
