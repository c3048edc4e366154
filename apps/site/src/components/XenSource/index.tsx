import React, { createContext, useContext } from "react";
import Layout from "@theme/Layout";
import { splitCitations, xenSourceUrl } from "./cite";

/** The release a page describes: its citations of Xen's source link to that release's tag. */
const XenRelease = createContext<string | null>(null);

export function XenReleaseProvider({
  release,
  children,
}: {
  release: string;
  children: React.ReactNode;
}): React.ReactElement {
  return <XenRelease.Provider value={release}>{children}</XenRelease.Provider>;
}

/**
 * Text with each citation of Xen's source (`xen/common/argo.c: sendv`) a link to the file at
 * the page's release (XenReleaseProvider); outside one, or with none in `release`, plain text.
 */
export default function XenSourceText({
  text,
  release,
}: {
  text: string;
  release?: string;
}): React.ReactElement {
  const context = useContext(XenRelease);
  const given = release ?? context;
  // A span or a line (`4.16`), not one tag: no single file to link.
  const at = given !== null && /^\d+\.\d+\.\d+$/.test(given) ? given : null;
  return (
    <>
      {splitCitations(text).map((p, i) => {
        // A citation naming its release links that release's file.
        const tag = typeof p === "string" ? null : (p.release ?? at);
        return typeof p === "string" || tag === null ? (
          <React.Fragment key={i}>{typeof p === "string" ? p : p.text}</React.Fragment>
        ) : (
          <a
            key={i}
            href={xenSourceUrl(p.path, tag)}
            data-xen-source={p.path}
            title={`${p.path} in Xen ${tag}`}
            target="_blank"
            rel="noopener noreferrer"
          >
            {p.text}
          </a>
        );
      })}
    </>
  );
}

/** The theme's Layout, for a page about one release: its citations link to that release. */
export function ReleaseLayout({
  release,
  children,
  ...props
}: React.ComponentProps<typeof Layout> & { release: string }): React.ReactElement {
  return (
    <XenReleaseProvider release={release}>
      <Layout {...props}>{children}</Layout>
    </XenReleaseProvider>
  );
}
