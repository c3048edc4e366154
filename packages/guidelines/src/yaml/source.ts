/**
 * YAML text with positions: parse once with a LineCounter, then answer "where is this path?"
 * so that zod issues and rule findings point at file:line:column.
 */
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
} from "yaml";
import type { LintMessage, Severity } from "../lint/message.js";

export type YamlPath = readonly (string | number)[];

export interface YamlSource {
  readonly file: string;
  readonly text: string;
  /** The plain data (undefined when the text does not parse). */
  readonly value: unknown;
  /** Syntax errors and duplicate keys, already as messages. */
  readonly syntaxErrors: readonly LintMessage[];
  /** 1-based line and column of the node at `path`, or of its nearest existing ancestor. */
  positionOf(path: YamlPath, key?: boolean): { line: number; column: number };
  /** A message at `path`. */
  at(
    path: YamlPath,
    ruleId: string,
    message: string,
    severity?: Severity,
    key?: boolean,
  ): LintMessage;
}

function childNode(node: unknown, seg: string | number, key: boolean): unknown {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(seg)) return key ? pair.key : (pair.value ?? pair.key);
    }
    return undefined;
  }
  if (isSeq(node) && typeof seg === "number") return node.items[seg];
  return undefined;
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const syntaxErrors: LintMessage[] = doc.errors.map((e) => {
    const { line, column } = pos(e.pos[0]);
    const dup = e.code === "DUPLICATE_KEY";
    const msg = e.message.split("\n")[0] ?? e.message;
    return {
      file,
      line,
      column,
      ruleId: dup ? "duplicate-key" : "yaml-syntax",
      message: dup ? msg.replace(/\.$/, "") : `YAML: ${msg}`,
      severity: "error" as const,
    };
  });
  const value: unknown = syntaxErrors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;

  const positionOf = (path: YamlPath, key = false) => {
    let node: unknown = doc.contents;
    let best: unknown = node;
    path.forEach((seg, i) => {
      if (node === undefined) return;
      node = childNode(node, seg, key && i === path.length - 1);
      if (node !== undefined) best = node;
    });
    const n = isPair(best) ? best.key : best;
    if (isNode(n) && n.range) return pos(n.range[0]);
    return { line: 1, column: 1 };
  };

  return {
    file,
    text,
    value,
    syntaxErrors,
    positionOf,
    at(path, ruleId, message, severity = "error", key = false) {
      return { file, ...positionOf(path, key), ruleId, message, severity, path: [...path] };
    },
  };
}
