import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import CodeBlock from "@theme/CodeBlock";
import Prose from "../Prose";
import type { RuleExample, RuleInfo } from "@xen-abi/guidelines/views";

function Examples({
  list,
  kind,
}: {
  list: readonly RuleExample[];
  kind: "good" | "bad";
}): React.ReactElement | null {
  if (list.length === 0) return null;
  return (
    <>
      <h2 id={kind}>{kind === "good" ? "✓ Good" : "✗ Bad"}</h2>
      {list.map((e, i) => (
        <CodeBlock key={i} language="yaml" {...(e.title && { title: e.title })}>
          {e.code}
        </CodeBlock>
      ))}
    </>
  );
}

/** One rule with its good and bad examples and the hypercalls that break it. */
export default function GuidelinePage({ data: r }: { data: RuleInfo }): React.ReactElement {
  return (
    <Layout title={r.title.replaceAll("`", "")} description={r.summary.replaceAll("`", "")}>
      <main className="container margin-vert--lg">
        <p>
          <Link to="/guidelines">Guidelines</Link> / <code>{r.id}</code>
        </p>
        <h1>
          <Prose text={r.title} />
        </h1>
        <p>
          <Prose text={r.summary} />
        </p>
        <p>
          <small>
            Source: {r.source}.{" "}
            {r.automatic ? "The linter checks it." : "A reviewer checks it; the linter cannot."}
          </small>
        </p>
        <Examples list={r.good} kind="good" />
        <Examples list={r.bad} kind="bad" />
        {r.badFindings.length > 0 && (
          <>
            <p>The linter on the bad proposal:</p>
            <pre data-rule-findings="">{r.badFindings.join("\n")}</pre>
          </>
        )}
        {r.breakers.length > 0 && (
          <>
            <h2 id="breakers">Existing hypercalls that break it</h2>
            <p>
              {r.breakers.map((b, i) => (
                <React.Fragment key={b}>
                  {i > 0 && ", "}
                  <Link to={`/hypercalls/${b}`}>{b}</Link>
                </React.Fragment>
              ))}
            </p>
          </>
        )}
      </main>
    </Layout>
  );
}
