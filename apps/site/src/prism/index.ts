/**
 * The site's stand-in for prism-react-renderer (the bundler resolves that name here, see
 * plugins/prism-slim): the same `Highlight` and `Prism` the Docusaurus theme imports, with
 * only the languages the site's pages use. prism-react-renderer's single bundle registers some
 * twenty languages and twenty colour themes in every page's main bundle (85 kB); this is about
 * a third of it (issue 14 item 8). A code block in another language renders unhighlighted.
 */
import { useCallback, useMemo } from "react";
import type React from "react";
import clsx from "clsx";
import Prism from "./core";
import "prismjs/components/prism-clike";
import "prismjs/components/prism-c";
import "prismjs/components/prism-javascript";
import "prismjs/components/prism-typescript";
import "prismjs/components/prism-json";
import "prismjs/components/prism-yaml";
import type { PrismLike, PrismTokenStream } from "./types";

export { Prism };

/**
 * The languages registered here, for the site's docs, generated pages and API pages; bash is
 * added by the theme (themeConfig.prism.additionalLanguages).
 */
export const LANGUAGES = ["c", "javascript", "js", "typescript", "ts", "json", "yaml"];

type Style = React.CSSProperties;

/** A colour theme, as prism-react-renderer and Docusaurus's themeConfig.prism give it. */
export interface PrismTheme {
  plain: Style;
  styles: { types: string[]; style: Style; languages?: string[] }[];
}

export interface Token {
  types: string[];
  content: string;
  empty?: boolean;
}

/** `types` with `add` (a token's type or alias) appended, unless it ends with it already. */
function withType(types: string[], add: string | string[] | undefined): string[] {
  if (add === undefined) return types;
  if (typeof add === "string") return types.at(-1) === add ? types : [...types, add];
  return [...types, ...add];
}

/**
 * Prism's nested token stream as lines of flat tokens, each with the types of every token it
 * sits in; an empty line holds one empty plain token (so it keeps its height).
 */
export function normalizeTokens(stream: PrismTokenStream): Token[][] {
  const lines: Token[][] = [[]];
  const walk = (items: PrismTokenStream, types: string[], depth: number): void => {
    for (const t of items) {
      const ty =
        typeof t === "string"
          ? depth > 0
            ? types
            : ["plain"]
          : withType(withType(types, t.type), t.alias);
      const content = typeof t === "string" ? t : t.content;
      if (typeof content !== "string") {
        walk(content, ty, depth + 1);
        continue;
      }
      content.split(/\r\n|\r|\n/).forEach((piece, i) => {
        if (i > 0) lines.push([]);
        lines.at(-1)!.push({ types: ty, content: piece });
      });
    }
  };
  walk(stream, [], 0);
  for (const line of lines) {
    if (line.length === 0) line.push({ types: ["plain"], content: "\n", empty: true });
    else if (line.length === 1 && line[0]!.content === "") {
      line[0]!.content = "\n";
      line[0]!.empty = true;
    }
  }
  return lines;
}

/** The theme's styles by token type, for `language`; `root` and `plain` from its plain style. */
function themeDictionary(theme: PrismTheme, language: string): Record<string, Style> {
  const dict: Record<string, Style> = {};
  for (const { languages, style, types } of theme.styles) {
    if (languages && !languages.includes(language)) continue;
    for (const t of types) dict[t] = { ...dict[t], ...style };
  }
  dict.root = theme.plain;
  dict.plain = { ...theme.plain, backgroundColor: undefined };
  return dict;
}

interface LineInput {
  line?: Token[];
  className?: string;
  style?: Style;
  [key: string]: unknown;
}

interface TokenInput {
  token: Token;
  className?: string;
  style?: Style;
  [key: string]: unknown;
}

export interface RenderProps {
  tokens: Token[][];
  className: string;
  style: Style;
  getLineProps: (input: LineInput) => Record<string, unknown>;
  getTokenProps: (input: TokenInput) => Record<string, unknown>;
}

/** prism-react-renderer's Highlight: tokenizes `code` and hands lines and prop getters over. */
export function Highlight({
  children,
  language: lang,
  code,
  theme,
  prism = Prism,
}: {
  children: (props: RenderProps) => React.ReactNode;
  language: string;
  code: string;
  theme: PrismTheme;
  prism?: PrismLike;
}): React.ReactNode {
  const language = lang.toLowerCase();
  const dict = useMemo(() => themeDictionary(theme, language), [theme, language]);
  const grammar = prism.languages[language];
  const tokens = useMemo(() => {
    if (grammar == null) return normalizeTokens([code]);
    const env: Record<string, unknown> = { code, grammar, language, tokens: [] };
    prism.hooks.run("before-tokenize", env);
    env.tokens = prism.tokenize(code, grammar);
    prism.hooks.run("after-tokenize", env);
    return normalizeTokens(env.tokens as PrismTokenStream);
  }, [code, grammar, language, prism]);
  const getLineProps = useCallback(
    ({ className, style, line: _line, ...rest }: LineInput) => ({
      ...rest,
      className: clsx("token-line", className),
      style: { ...dict.plain, ...style },
    }),
    [dict],
  );
  const getTokenProps = useCallback(
    ({ token, className, style, ...rest }: TokenInput) => {
      const [only] = token.types.length === 1 ? token.types : [];
      const own =
        only === "plain"
          ? token.empty
            ? { display: "inline-block" }
            : undefined
          : only !== undefined && token.empty
            ? dict[only]
            : Object.assign(
                token.empty ? { display: "inline-block" } : {},
                ...token.types.map((t) => dict[t]),
              );
      return {
        ...rest,
        className: clsx("token", ...token.types, className),
        children: token.content,
        style: style ? { ...own, ...style } : own,
      };
    },
    [dict],
  );
  return children({
    tokens,
    className: `prism-code language-${language}`,
    style: dict.root ?? {},
    getLineProps,
    getTokenProps,
  });
}
