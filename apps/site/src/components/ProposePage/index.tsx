import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import BrowserOnly from "@docusaurus/BrowserOnly";
import ProposeForm from "../ProposeForm";

/** /propose: the proposal form, with links to the rules it is checked against. */
export default function ProposePage({
  data,
}: {
  data: { rules: readonly { id: string; title: string }[] };
}): React.ReactElement {
  return (
    <Layout
      title="Propose a hypercall"
      description="Build a hypercall proposal, lint it against the guidelines, take away YAML and C"
    >
      <main className="container margin-vert--lg">
        <h1>Propose a hypercall</h1>
        <p>
          Fill in the form; the proposal is linted against the{" "}
          <Link to="/guidelines">guidelines</Link> as you type
          {data.rules.length > 0 && <> ({data.rules.length} rules)</>}. See{" "}
          <Link to="/docs/proposing">how to propose a hypercall</Link>.
        </p>
        <BrowserOnly fallback={<p>Loading the form…</p>}>{() => <ProposeForm />}</BrowserOnly>
      </main>
    </Layout>
  );
}
