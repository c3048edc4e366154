import React, { useEffect, useState } from "react";
import Link from "@docusaurus/Link";
import { useHistory, useLocation } from "@docusaurus/router";

/** What the plugin gives a page about its releases (routes.ts ReleaseChoice). */
export interface ReleaseChoice {
  /** Every modelled release as [line, last patch] pairs (`["4.16", 7]`: 4.16.0-4.16.7). */
  readonly lines: readonly (readonly [string, number])[];
  readonly from: string;
  readonly to: string;
  readonly variants: readonly { from: string; to: string; path: string }[];
}

/** Every release the pairs name, oldest first. */
export function releasesOf(c: ReleaseChoice): string[] {
  return c.lines.flatMap(([line, last]) =>
    Array.from({ length: last + 1 }, (_, p) => `${line}.${p}`),
  );
}

/** The page of the span that holds release `r`. */
export function variantFor(c: ReleaseChoice, r: string): ReleaseChoice["variants"][number] {
  const releases = releasesOf(c);
  const at = releases.indexOf(r);
  return (
    c.variants.find((v) => releases.indexOf(v.from) <= at && at <= releases.indexOf(v.to)) ??
    c.variants.at(-1)!
  );
}

/**
 * Read this page as of another Xen release. Releases whose page is this one's are picked with
 * `?release=R` on it (the page notes that it reads the same there); the others go to the page
 * of their span, under the release prefix (`/4.12.0/hypercalls/argo_op`).
 */
export default function ReleaseSelect({
  choice: c,
}: {
  choice: ReleaseChoice | undefined;
}): React.ReactElement | null {
  const location = useLocation();
  const history = useHistory();
  // Read after hydration: the static HTML was rendered without a query.
  const [asked, setAsked] = useState<string | null>(null);
  useEffect(() => {
    setAsked(new URLSearchParams(location.search).get("release"));
  }, [location.search]);
  if (!c) return null;
  const releases = releasesOf(c);
  const newest = releases.at(-1)!;
  const isNewestPage = c.to === newest;
  const at = (r: string) => releases.indexOf(r);
  const askedHere = asked !== null && at(asked) >= at(c.from) && at(asked) <= at(c.to);
  const shown = askedHere ? asked : isNewestPage ? newest : c.from;
  const lines = c.lines.map(([l]) => l);
  const go = (r: string) => {
    const v = variantFor(c, r);
    history.push(r === (v.to === newest ? newest : v.from) ? v.path : `${v.path}?release=${r}`);
  };
  const newestPath = c.variants.at(-1)!.path;
  return (
    <div className="xa-release" data-testid="release-select" data-release={shown}>
      <label>
        Xen release{" "}
        <select value={shown} onChange={(e) => go(e.target.value)} aria-label="Xen release">
          {lines.map((l) => (
            <optgroup key={l} label={l}>
              {releases
                .filter((r) => r.startsWith(`${l}.`))
                .map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>{" "}
      <small data-release-span="">
        {c.from === c.to
          ? `this page is Xen ${c.from}`
          : `this page reads the same in ${c.from}–${c.to}`}
        {c.variants.length === 1 && " (every modelled release)"}
      </small>
      {isNewestPage && askedHere && asked !== newest && (
        <p className="xa-release-note" data-release-note="">
          Nothing on this page changed between Xen {asked} and {newest}: the newest page is also{" "}
          {asked}&apos;s.
        </p>
      )}
      {!isNewestPage && (
        <p className="xa-release-note" data-release-note="">
          As of Xen {asked !== null && askedHere ? asked : c.from}, an older release. The{" "}
          <Link to={newestPath}>newest page</Link> describes {newest};{" "}
          <Link to="/releases">what changes between releases</Link>.
        </p>
      )}
    </div>
  );
}
