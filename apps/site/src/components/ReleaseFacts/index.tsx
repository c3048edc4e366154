import React from "react";
import Link from "@docusaurus/Link";
import type { BehaviourFact, FactSpan } from "@xen-abi/guidelines/views";
import Prose from "../Prose";

/** A Xen commit, linked to xenbits. */
export function Commit({ id }: { id: string }): React.ReactElement {
  return (
    <a href={`https://xenbits.xen.org/gitweb/?p=xen.git;a=commit;h=${id}`} rel="noreferrer">
      <code>{id}</code>
    </a>
  );
}

/**
 * "since 4.17.0" / "until 4.16.7" for a fact that differs between releases, each linked to
 * what changes there on the /releases page. Nothing when the fact holds in every release.
 */
export function SpanNote({ span }: { span: FactSpan | undefined }): React.ReactElement | null {
  if (!span || (span.since === undefined && span.until === undefined)) return null;
  return (
    <small className="xa-span" data-fact-span="">
      {span.since !== undefined && (
        <Link to={`/releases#release-${span.since}`}>since {span.since}</Link>
      )}
      {span.since !== undefined && span.until !== undefined && ", "}
      {span.until !== undefined && (
        <Link to={`/releases#after-${span.until}`}>until {span.until}</Link>
      )}
    </small>
  );
}

/** Behaviour that differs between releases, as the page's release has it, with the commits. */
export function BehaviourFacts({
  facts,
  release,
}: {
  facts: readonly BehaviourFact[];
  release: string;
}): React.ReactElement | null {
  if (facts.length === 0) return null;
  return (
    <ul data-testid="behaviour-facts">
      {facts.map((f) => (
        <li key={f.id} data-behaviour={f.id} data-carried={String(f.carried)}>
          <strong>{f.carried ? "Yes" : "No"}</strong> in Xen {release} <SpanNote span={f} />:{" "}
          <Prose text={f.summary} />. <Link to={`/releases#${f.id}`}>{f.id}</Link>, first in{" "}
          {f.firstTags.join(" and ")}:{" "}
          {f.commits.map((c, i) => (
            <React.Fragment key={c.commit}>
              {i > 0 && ", "}
              <Commit id={c.commit} /> <small>({c.branch})</small>
            </React.Fragment>
          ))}
          .
        </li>
      ))}
    </ul>
  );
}
