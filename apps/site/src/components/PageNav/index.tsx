import React from "react";
import Link from "@docusaurus/Link";
import TOC from "@theme/TOC";
import TOCCollapsible from "@theme/TOCCollapsible";

/** The shape @theme/TOC takes (Docusaurus's TOCItem): `value` is HTML. */
export interface TOCItem {
  readonly value: string;
  readonly id: string;
  readonly level: number;
}

export interface Neighbour {
  readonly to: string;
  readonly label: string;
}

/**
 * A generated page's frame: its content beside a table of contents (collapsible above the
 * content on narrow screens), and previous/next links below it, as the docs pages have.
 */
export default function PageNav({
  toc,
  prev,
  next,
  children,
}: {
  toc: readonly TOCItem[];
  prev?: Neighbour;
  next?: Neighbour;
  children: React.ReactNode;
}): React.ReactElement {
  return (
    <div className="row">
      <div className="col col--9 xa-page-main">
        <TOCCollapsible toc={toc} className="xa-toc-mobile" />
        {children}
        {(prev || next) && (
          <nav className="pagination-nav margin-top--lg" aria-label="previous and next pages">
            {prev ? (
              <Link className="pagination-nav__link pagination-nav__link--prev" to={prev.to}>
                <div className="pagination-nav__sublabel">Previous</div>
                <div className="pagination-nav__label">{prev.label}</div>
              </Link>
            ) : (
              <span />
            )}
            {next && (
              <Link className="pagination-nav__link pagination-nav__link--next" to={next.to}>
                <div className="pagination-nav__sublabel">Next</div>
                <div className="pagination-nav__label">{next.label}</div>
              </Link>
            )}
          </nav>
        )}
      </div>
      <div className="col col--3 xa-toc-desktop">
        <TOC toc={toc} minHeadingLevel={2} maxHeadingLevel={3} />
      </div>
    </div>
  );
}

/** A TOC entry; `value` is HTML, so names are escaped. */
export function tocItem(id: string, text: string, level: 2 | 3, code = false): TOCItem {
  const esc = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return { id, value: code ? `<code>${esc}</code>` : esc, level };
}
