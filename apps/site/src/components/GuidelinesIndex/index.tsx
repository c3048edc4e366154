import React from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import Prose from "../Prose";
import type { RuleInfo } from "@xen-abi/guidelines/views";

/** The rules for new hypercalls, with how many existing hypercalls break each. */
export default function GuidelinesIndex({
  data,
}: {
  data: { rules: readonly RuleInfo[] };
}): React.ReactElement {
  return (
    <Layout title="Guidelines" description="Rules for new Xen hypercalls">
      <main className="container margin-vert--lg">
        <h1>Guidelines for new hypercalls</h1>
        {data.rules.length === 0 && <p>The rules are not published yet.</p>}
        <table className="xa-table">
          <tbody>
            {data.rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/guidelines/${r.id}`}>
                    <code>{r.id}</code>
                  </Link>
                </td>
                <td>
                  <strong>
                    <Prose text={r.title} />
                  </strong>
                  <br />
                  <Prose text={r.summary} />
                </td>
                <td>
                  {r.breakers.length > 0 ? `${r.breakers.length} existing hypercalls break it` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </Layout>
  );
}
