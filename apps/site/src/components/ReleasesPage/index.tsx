import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import Heading from "@theme/Heading";
import useBrokenLinks from "@docusaurus/useBrokenLinks";
import type { ReleaseNotesData } from "@xen-abi/guidelines/views";
import Prose from "../Prose";
import { XenReleaseProvider } from "../XenSource";
import { Commit } from "../ReleaseFacts";

/** Where a difference's subject has a page: a hypercall, a behaviour, a check's hypercall, or nothing (structs). */
function subjectLink(kind: string, subject: string): React.ReactNode {
  if (kind === "availability") return <Link to={`/hypercalls/${subject}`}>{subject}</Link>;
  if (kind === "behaviour") return <Link to={`#${subject}`}>{subject}</Link>;
  // A check (`hvm_op.set_param.read_only (x86_64)`) is on its hypercall's page.
  if (kind === "check") return <Link to={`/hypercalls/${subject.split(".")[0]!}`}>{subject}</Link>;
  return <code>{subject}</code>;
}

/** A link target that is not a heading, made known to Docusaurus's broken-anchor check. */
function Anchor({ id }: { id: string }): React.ReactElement {
  useBrokenLinks().collectAnchor(id);
  return <span id={id} />;
}

/**
 * What the machine models that differs between Xen releases: the behaviour switches with the
 * Xen commits that made them (backports included), then per release where anything changes
 * the differences from the release before, as `xen-abi diff-release` lists them.
 */
export default function ReleasesPage({
  data,
}: {
  data: ReleaseNotesData & { newest: string };
}): React.ReactElement {
  return (
    <Layout title="Release differences" description="What differs between Xen 4.12 and newer">
      <main className="container margin-vert--lg">
        <h1>Release differences</h1>
        <p>
          Every tagged release from 4.12.0 to {data.newest} is modelled. Hypercall and guest-mode
          pages have a release selector; a page is generated for each span of releases in which it
          reads differently. On the command line: <code>xen-abi diff-release 4.16.0 4.16.1</code>,{" "}
          <code>xen-abi run FILE --releases 4.12..4.22</code>,{" "}
          <code>xen-abi show NAME --release 4.16.1</code>.
        </p>
        <Heading as="h2" id="behaviour">
          Behaviour
        </Heading>
        {data.differences.map((d) => (
          <section key={d.id} data-difference={d.id}>
            <Heading as="h3" id={d.id}>
              <code>{d.id}</code>
            </Heading>
            <p>
              <XenReleaseProvider release={d.firstTags[0] ?? ""}>
                <Prose text={d.summary} />
              </XenReleaseProvider>
              . In {d.firstTags.join(" and ")} and later on their lines (and every newer line); on{" "}
              {d.arches.join(", ")} Xen.
              {d.hypercalls.length > 0 && (
                <>
                  {" "}
                  Changes{" "}
                  {d.hypercalls.map((h) => (
                    <Link key={h} to={`/hypercalls/${h}`}>
                      {h}
                    </Link>
                  ))}
                  .
                </>
              )}
              {d.modes.length > 0 && (
                <>
                  {" "}
                  Changes the entry path of{" "}
                  {d.modes.map((m, i) => (
                    <React.Fragment key={m}>
                      {i > 0 && ", "}
                      <Link to={`/abi/${m}`}>{m}</Link>
                    </React.Fragment>
                  ))}
                  .
                </>
              )}
            </p>
            <ul>
              {d.commits.map((c) => (
                <li key={c.commit}>
                  <Commit id={c.commit} /> on {c.branch}, first in {c.firstTag}: {c.subject}
                </li>
              ))}
            </ul>
            {d.scenarios.length > 0 && (
              <p>
                Scenarios whose results it changes:{" "}
                {d.scenarios.map((s, i) => (
                  <React.Fragment key={s}>
                    {i > 0 && ", "}
                    <Link
                      to={`/playground?example=${encodeURIComponent(`${s}.yaml`)}&releases=all`}
                    >
                      {s}
                    </Link>
                  </React.Fragment>
                ))}
              </p>
            )}
          </section>
        ))}
        <Heading as="h2" id="by-release">
          By release
        </Heading>
        {data.epochs.map((e) => (
          <section key={e.release} data-epoch={e.release}>
            <Anchor id={`after-${e.from}`} />
            <Heading as="h3" id={`release-${e.release}`}>
              {e.release}
              {e.to !== e.release && <small> (to {e.to})</small>} <small>from {e.from}</small>
            </Heading>
            {e.entries.length === 0 ? (
              <p>Nothing modelled changes here.</p>
            ) : (
              <div className="xa-scroll">
                <table className="xa-table">
                  <thead>
                    <tr>
                      <th>kind</th>
                      <th>subject</th>
                      <th>guest</th>
                      <th>{e.from}</th>
                      <th>{e.release}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {e.entries.map((x, i) => (
                      <tr key={i}>
                        <td>{x.kind}</td>
                        <td>{subjectLink(x.kind, x.subject)}</td>
                        <td>{x.guest ?? ""}</td>
                        <td>
                          <code>{x.a}</code>
                        </td>
                        <td>
                          <code>{x.b}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        ))}
      </main>
    </Layout>
  );
}
