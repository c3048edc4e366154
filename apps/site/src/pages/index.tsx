import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import LiveExample from "../components/LiveExample";
import { HAZARD_CODE, HAZARD_EXPECT } from "../components/HomeHazard/code";

export default function Home(): React.ReactElement {
  return (
    <Layout
      title="Xen's hypercall ABI, runnable"
      description="A runnable reference for Xen's hypercall ABI"
    >
      <main className="container margin-vert--lg">
        <h1>Xen&apos;s hypercall ABI, runnable</h1>
        <p className="hero__subtitle">
          Which register carries which argument, how wide it is, and what Xen does with the bits,
          for every hypercall and every guest mode: generated from a reference machine that runs in
          your browser.
        </p>
        <p>
          The question behind it comes from the Argo review on xen-devel: a 32-bit Arm guest on a
          64-bit Xen writes 32-bit registers, but Xen reads 64-bit ones. Whatever the top half held
          before reaches the hypercall. Xen 4.17.0 (and 4.16.1, by backport) started zeroing those
          top halves on entry; before it, a range-checked argument such as Argo&apos;s{" "}
          <code>npages</code> fails. Run it:
        </p>
        <LiveExample
          id="home-stale-top-half"
          title="The stale top half, 4.16 against 4.17"
          code={HAZARD_CODE}
          expect={HAZARD_EXPECT}
        />
        <div className="row margin-top--lg">
          {[
            [
              "/hypercalls",
              "Hypercalls",
              "Every number: prototype, registers per mode, structs, errors, rules.",
            ],
            [
              "/abi",
              "ABI per mode",
              "Registers, instruction, poison values and handle sizes for the six guest modes.",
            ],
            [
              "/playground",
              "Playground",
              "Edit a scenario, run it here, see registers, memory and the dispatcher's trace.",
            ],
            [
              "/guidelines",
              "Guidelines",
              "The rules for new hypercalls, with good and bad examples.",
            ],
            ["/propose", "Propose", "Build a proposal, lint it live, take away its YAML and C."],
            [
              "/docs/getting-started",
              "Docs",
              "Getting started, the ABI per architecture, Argo, scenarios.",
            ],
          ].map(([to, title, text]) => (
            <div key={to} className="col col--4 margin-bottom--md">
              <Link to={to!} className="card padding--md xa-card">
                <h3>{title}</h3>
                <p>{text}</p>
              </Link>
            </div>
          ))}
        </div>
      </main>
    </Layout>
  );
}
