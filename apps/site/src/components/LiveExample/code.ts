import React from "react";

/**
 * The example's code, from a `code` prop or from a fenced code block among its children.
 * MDX strips the leading spaces of lines inside a JSX attribute's template literal, so
 * examples in .mdx files give their code as a child code block, which keeps indentation.
 */
export function exampleCode(code: string | undefined, children: React.ReactNode): string {
  if (code !== undefined) return code.replace(/^\n+|\s+$/g, "");
  let found = "";
  const walk = (n: React.ReactNode): void => {
    if (found) return;
    if (typeof n === "string") {
      found = n;
      return;
    }
    if (Array.isArray(n)) n.forEach(walk);
    else if (React.isValidElement(n)) walk((n.props as { children?: React.ReactNode }).children);
  };
  walk(children);
  return found.replace(/^\n+|\s+$/g, "");
}
