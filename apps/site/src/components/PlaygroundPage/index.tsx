import React from "react";
import Layout from "@theme/Layout";
import BrowserOnly from "@docusaurus/BrowserOnly";
import Link from "@docusaurus/Link";
import Playground, { type ExampleEntry, type FirstExample } from "../Playground";

/**
 * /playground: the scenario editor, with the example scenarios as starting points. The route
 * data lists the examples and carries the first one's text; the others are fetched when picked.
 */
export default function PlaygroundPage({
  data,
}: {
  data: { examples: readonly ExampleEntry[]; first?: FirstExample };
}): React.ReactElement {
  return (
    <Layout
      title="Playground"
      description="Run a hypercall scenario on the reference machine in your browser"
    >
      <main className="container container--fluid margin-vert--md">
        <h1>Playground</h1>
        <p>
          Write a <Link to="/docs/writing-scenarios">scenario</Link> and run it on the reference
          machine, in this tab. The link keeps the scenario: copy it to share a run.
        </p>
        <BrowserOnly fallback={<p>Loading the playground…</p>}>
          {() => <Playground examples={data.examples} first={data.first} />}
        </BrowserOnly>
      </main>
    </Layout>
  );
}
