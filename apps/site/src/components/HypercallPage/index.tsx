import React from "react";
import Link from "@docusaurus/Link";
import CodeBlock from "@theme/CodeBlock";
import type { ErrorInfo, HypercallPageData } from "@xen-abi/guidelines/views";
import ModeTable from "../ModeTable";
import StructLayout from "../StructLayout";
import LiveExample from "../LiveExample";
import Prose from "../Prose";
import Heading from "@theme/Heading";
import PageNav, { tocItem, type Neighbour } from "../PageNav";
import ShowMatrix from "../ShowMatrix";
import ReleaseSelect, { type ReleaseChoice } from "../ReleaseSelect";
import { BehaviourFacts, SpanNote } from "../ReleaseFacts";
import ModelSection from "./ModelSection";
import { releaseNote } from "./release-note";
import { ReleaseLayout, XenReleaseProvider } from "../XenSource";

function ReleaseNote({ data }: { data: HypercallPageData }): React.ReactElement | null {
  const note = releaseNote(data, "4.12", data.release);
  return note === undefined ? null : <p>{note}</p>;
}

function Errors({ errors }: { errors: readonly ErrorInfo[] }): React.ReactElement {
  return (
    <table className="xa-table">
      <thead>
        <tr>
          <th>#</th>
          <th>result</th>
          <th>when (in the order Xen checks)</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((e, i) => (
          <tr key={`${e.errno}-${i}`}>
            <td>{i + 1}</td>
            <td>
              <code>
                {/* One line for the name: at 390 px "-EINVAL" broke after its dash. */}
                <span className="xa-nowrap" data-errno="">
                  -{e.errno}
                </span>
                {e.value !== undefined ? ` (-${e.value})` : ""}
              </code>
            </td>
            <td>
              <Prose text={e.when} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One hypercall: everything abi-core and the guidelines data know about it. */
export default function HypercallPage({
  data,
}: {
  data: HypercallPageData & {
    release: string;
    prev?: Neighbour;
    next?: Neighbour;
    selector?: ReleaseChoice;
  };
}): React.ReactElement {
  const r = data.row;
  const hex = `0x${r.number.toString(16)}`;
  const toc = [
    tocItem("prototype", "Prototype", 2),
    tocItem("model", "In the reference machine", 2),
    tocItem("registers", "Registers per guest mode", 2),
    ...(data.subops.length > 0
      ? [
          tocItem("subops", "Sub-ops", 2),
          ...data.subops.map((s) => tocItem(`subop-${s.name}`, s.name, 3, true)),
        ]
      : []),
    ...(data.structs.length > 0 ? [tocItem("structs", "Structs", 2)] : []),
    ...(data.errors.length > 0 ? [tocItem("errors", "Errors", 2)] : []),
    tocItem("conformance", "Rule conformance", 2),
    tocItem("releases", "Release differences", 2),
    ...(data.quirks.length > 0 ? [tocItem("quirks", "Quirks", 2)] : []),
    ...(data.examples.length > 0 || data.scenarios.length > 0
      ? [tocItem("examples", "Live examples", 2)]
      : []),
  ];
  return (
    <ReleaseLayout
      release={data.release}
      title={`${r.name} (${r.number}, ${hex})`}
      description={r.summary}
    >
      <main className="container margin-vert--lg">
        <PageNav toc={toc} prev={data.prev} next={data.next}>
          <h1>
            <code>{r.name}</code> <small>hypercall {r.number}</small>
          </h1>
          <ReleaseSelect choice={data.selector} />
          <p className="xa-ids" data-testid="hypercall-ids">
            <code>__HYPERVISOR_{r.name}</code> = {r.number} ({hex})
          </p>
          <p>
            <span className={`xa-status xa-status--${r.status}`}>{r.status}</span>{" "}
            <Prose text={r.summary} />
            {r.firstRelease && (
              <>
                {" "}
                Dispatched {r.firstRelease}–{r.lastRelease}.
              </>
            )}
            {data.config && (
              <>
                {" "}
                Built with <code>{data.config}</code>.
              </>
            )}
            {data.aliases.length > 0 && <> Also called {data.aliases.join(", ")}.</>}
          </p>
          {data.purpose && (
            <p>
              <Prose text={data.purpose} />
            </p>
          )}
          <ShowMatrix modes={data.modes} />

          <Heading as="h2" id="prototype">
            Prototype
          </Heading>
          {data.prototypes.length > 0 ? (
            <CodeBlock language="c">{data.prototypes.join(";\n") + ";"}</CodeBlock>
          ) : (
            <p>No guest type dispatches it in Xen {data.release}.</p>
          )}
          {data.params.length > 0 && (
            <table className="xa-table">
              <thead>
                <tr>
                  <th>parameter</th>
                  <th>direction</th>
                  <th>check</th>
                  <th>meaning</th>
                </tr>
              </thead>
              <tbody>
                {data.params.map((p) => (
                  <tr key={p.name}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{p.direction}</td>
                    <td>{p.check}</td>
                    <td>
                      <Prose text={p.meaning} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <ModelSection name={data.row.name} model={data.model} />

          <Heading as="h2" id="registers">
            Registers per guest mode
          </Heading>
          <ModeTable modes={data.modes} />

          {data.subops.length > 0 && (
            <>
              <Heading as="h2" id="subops">
                Sub-ops
              </Heading>
              {data.subops.map((s) => (
                <section key={s.name}>
                  <Heading as="h3" id={`subop-${s.name}`}>
                    <code>{s.name}</code> = {s.value}
                    {s.since && <small> (since {s.since})</small>}
                    {!s.modelled && <small data-unmodelled=""> (unmodelled)</small>}
                  </Heading>
                  {s.summary && (
                    <p>
                      <Prose text={s.summary} />
                    </p>
                  )}
                  {s.args.length > 0 && (
                    <ul>
                      {s.args.map((a) => (
                        <li key={a.param}>
                          <code>{a.param}</code>: <code>{a.type}</code>: <Prose text={a.meaning} />
                        </li>
                      ))}
                    </ul>
                  )}
                  {s.errors.length > 0 && <Errors errors={s.errors} />}
                </section>
              ))}
            </>
          )}

          {data.structs.length > 0 && (
            <>
              <Heading as="h2" id="structs">
                Structs
              </Heading>
              {data.structs.map((s) => (
                <React.Fragment key={s.name}>
                  {s.since !== undefined && (
                    <p>
                      <code>{s.name}</code>: <SpanNote span={{ since: s.since }} />
                    </p>
                  )}
                  <StructLayout s={s} />
                </React.Fragment>
              ))}
            </>
          )}

          {data.errors.length > 0 && (
            <>
              <Heading as="h2" id="errors">
                Errors
              </Heading>
              <Errors errors={data.errors} />
            </>
          )}

          <Heading as="h2" id="conformance">
            Rule conformance
          </Heading>
          {data.conformance === null ? (
            <p>No conformance data for this hypercall yet.</p>
          ) : (
            <table className="xa-table">
              <tbody>
                {data.conformance.map((c) => (
                  <tr key={c.rule}>
                    <td>
                      <Link to={`/guidelines/${c.rule}`}>{c.rule}</Link>
                    </td>
                    <td className={`xa-conf xa-conf--${c.status}`}>{c.status}</td>
                    <td>
                      <Prose text={c.note ?? ""} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <Heading as="h2" id="releases">
            Release differences
          </Heading>
          <BehaviourFacts facts={data.behaviour ?? []} release={data.release} />
          {data.releases.length === 0 ? (
            <ReleaseNote data={data} />
          ) : (
            <ul>
              {data.releases.map((c, i) => (
                <li key={i}>
                  <strong>{c.release}</strong>:{" "}
                  <XenReleaseProvider release={c.release}>
                    <Prose text={c.change} />
                  </XenReleaseProvider>
                </li>
              ))}
            </ul>
          )}

          {data.quirks.length > 0 && (
            <>
              <Heading as="h2" id="quirks">
                Quirks
              </Heading>
              {data.quirks.map((q) => (
                <div key={q.id} className="alert alert--warning margin-bottom--sm">
                  <strong>
                    <Prose text={q.title} />
                  </strong>{" "}
                  <Prose text={q.detail} />
                </div>
              ))}
            </>
          )}

          {(data.examples.length > 0 || data.scenarios.length > 0) && (
            <Heading as="h2" id="examples">
              Live examples
            </Heading>
          )}
          {data.examples.map((e) => (
            <LiveExample key={e.id} id={e.id} title={e.title} code={e.code} expect={e.expect} />
          ))}
          {data.scenarios.length > 0 && (
            <>
              <p>Scenarios that issue it, each runnable in the playground:</p>
              {/* A list, not a sentence: scenario names hold commas of their own. */}
              <ul>
                {data.scenarios.map((s) => (
                  <li key={s.file}>
                    <Link to={`/playground?example=${encodeURIComponent(s.file)}`}>
                      {s.title ?? s.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </PageNav>
      </main>
    </ReleaseLayout>
  );
}
