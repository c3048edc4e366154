import React from "react";

/**
 * Plain text from the data files, with `backticked` spans shown as code (the YAML prose uses
 * Markdown's inline-code convention and nothing else).
 */
export default function Prose({ text }: { text: string }): React.ReactElement {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 && i < parts.length - 1 ? (
          <code key={i}>{p}</code>
        ) : (
          <React.Fragment key={i}>{i % 2 === 1 ? `\`${p}` : p}</React.Fragment>
        ),
      )}
    </>
  );
}
