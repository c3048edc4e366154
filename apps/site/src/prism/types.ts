/** The part of Prism the highlighter uses. */
export interface PrismToken {
  type: string;
  alias?: string | string[];
  content: string | PrismTokenStream;
}
export type PrismTokenStream = (string | PrismToken)[];

export interface PrismLike {
  languages: Record<string, unknown>;
  tokenize(code: string, grammar: unknown): PrismTokenStream;
  hooks: { run(name: string, env: Record<string, unknown>): void };
}
