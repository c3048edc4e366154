import React from "react";
import { ReleaseLayout } from "../XenSource";
import Link from "@docusaurus/Link";
import Heading from "@theme/Heading";
import type { ModePageData } from "@xen-abi/guidelines/views";
import ReleaseSelect, { type ReleaseChoice } from "../ReleaseSelect";
import { BehaviourFacts } from "../ReleaseFacts";
import Smccc from "./Smccc";
import PageNav, { tocItem } from "../PageNav";

/** One guest mode: its register map, hypercall instruction, poison values and handle sizes. */
export default function ModePage({
  data: m,
}: {
  data: ModePageData & { selector?: ReleaseChoice };
}): React.ReactElement {
  const role = (name: string): string => {
    if (name === m.numberReg && name === m.resultReg) return "number in, result out";
    if (name === m.numberReg) return "hypercall number";
    const i = m.argRegs.indexOf(name);
    if (i >= 0) return name === m.resultReg ? `argument ${i + 1}, result` : `argument ${i + 1}`;
    if (name === m.resultReg) return "result";
    if (name === m.pcReg) return "program counter (rewound for a continuation)";
    return "";
  };
  const toc = [
    ...(m.behaviour.length > 0 ? [tocItem("releases", "Across releases", 2)] : []),
    tocItem("registers", "Register map", 2),
    tocItem("top-halves", "Bits above an argument's width", 2),
    tocItem("hypercalls", `Hypercalls this mode can make in Xen ${m.release}`, 2),
    ...(m.smccc ? [tocItem("smccc", "SMCCC and PSCI over hvc #0", 2)] : []),
  ];
  return (
    <ReleaseLayout
      release={m.release}
      title={`${m.mode} hypercall ABI`}
      description={`How a ${m.mode} guest makes a hypercall`}
    >
      <main className="container margin-vert--lg">
        <PageNav toc={toc}>
          <h1>
            <code>{m.mode}</code> guests
          </h1>
          <ReleaseSelect choice={m.selector} />
          <ul>
            <li>
              {m.family} family, {m.bits}-bit guest word; hypercall-defs.c column{" "}
              <code>{m.guestType}</code>; runs on {m.xenArches.join(", ")} Xen; structs laid out for{" "}
              <code>{m.cTarget}</code>.
            </li>
            <li>
              Instruction: <code>{m.instruction}</code> ({m.instructionBytes} bytes; Xen rewinds{" "}
              <code>{m.pcReg}</code> by that much to re-execute a preempted call).
            </li>
            <li>
              Number in <code>{m.numberReg}</code>, arguments in <code>{m.argRegs.join(", ")}</code>
              , result in <code>{m.resultReg}</code>.
            </li>
            <li>
              Debug-build poison: <code>{m.poison.args}</code> in used argument registers
              {m.poison.number && (
                <>
                  {" "}
                  and <code>{m.poison.number}</code> in <code>{m.numberReg}</code>
                </>
              )}
              . <small>{m.poison.note}.</small>
            </li>
            <li>
              Guest handle: {m.handleParamBytes} bytes as an argument, {m.handleStructBytes} bytes
              inside a struct.
            </li>
          </ul>
          {m.behaviour.length > 0 && (
            <>
              <Heading as="h2" id="releases">
                Across releases
              </Heading>
              <BehaviourFacts facts={m.behaviour} release={m.release} />
            </>
          )}
          <Heading as="h2" id="registers">
            Register map
          </Heading>
          <table className="xa-table">
            <thead>
              <tr>
                <th>register</th>
                <th>bits</th>
                <th>role in a hypercall</th>
              </tr>
            </thead>
            <tbody>
              {m.registers.map((r) => (
                <tr key={r.name} className={role(r.name) ? "xa-hl" : undefined}>
                  <td>
                    <code>{r.name}</code>
                  </td>
                  <td>{r.bits}</td>
                  <td>{role(r.name)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Heading as="h2" id="top-halves">
            Bits above an argument&apos;s width
          </Heading>
          <p>
            What Xen does with them, found by running the machine: <code>xen_version</code>&apos;s
            arguments with every bit above their width set, per Xen and release. Each hypercall page
            answers the same question for each of its arguments
            {m.mode === "aarch32" && (
              <>
                ; see also <Link to="/docs/aarch32-top-halves">AArch32 top halves</Link>
              </>
            )}
            .
          </p>
          <ul data-testid="mode-top-halves">
            {m.topHalves.flatMap((t) =>
              t.args.flatMap((a) =>
                a.facts.map((f) => (
                  <li key={`${t.xen}-${a.param}-${f.releases}`} data-fate={f.fate}>
                    {t.xen} Xen,{" "}
                    <code>
                      {a.ctype} {a.param}
                    </code>
                    , {f.releases}: {f.text}
                  </li>
                )),
              ),
            )}
          </ul>
          <Heading as="h2" id="hypercalls">
            Hypercalls this mode can make in Xen {m.release}
          </Heading>
          <p>
            {m.hypercalls.map((h, i) => (
              <React.Fragment key={h.number}>
                {i > 0 && ", "}
                <Link to={`/hypercalls/${h.name}`}>{h.name}</Link>{" "}
                <small>
                  ({h.number}, {h.nargs} {h.nargs === 1 ? "arg" : "args"})
                </small>
              </React.Fragment>
            ))}
          </p>
          {m.smccc && <Smccc smccc={m.smccc} />}
        </PageNav>
      </main>
    </ReleaseLayout>
  );
}
