import React from "react";
import XenSourceText from "../XenSource";

/**
 * Plain text from the data files, with `backticked` spans shown as code (the YAML prose uses
 * Markdown's inline-code convention and nothing else), and each citation of Xen's source a link
 * to it at the page's release (XenReleaseProvider).
 */
export default function Prose({ text }: { text: string }): React.ReactElement {
  const parts = text.split("`");
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 && i < parts.length - 1 ? (
          <code key={i}>{p}</code>
        ) : (
          <XenSourceText key={i} text={i % 2 === 1 ? `\`${p}` : p} />
        ),
      )}
    </>
  );
}
