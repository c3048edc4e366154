import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as abi from "@xen-abi/abi-core";
import { runInBrowser } from "./run";

const example = (f: string) =>
  readFileSync(join(__dirname, "..", "..", "..", "..", "..", "examples", "scenarios", f), "utf8");

describe("the playground's run", () => {
  // bring-up of hvm32 reads shared_info_t (2344 bytes) for its wall clock: the page showed
  // only the bytes, with no address, and nothing at all for its events step.
  const run = runInBrowser(abi, example("bringup-hvm32.yaml"));

  it("shows a struct read's expected fields with their values and the read's address", () => {
    const clock = run.steps.find((s) => s.label?.startsWith("the wall clock"))!;
    expect(clock.shown).toEqual({
      addr: 0x80000,
      fields: [
        ["wc_version", "2"],
        ["wc_sec", "0"],
        ["wc_nsec", "0"],
        ["arch.wc_sec_hi", "0"],
      ],
    });
  });

  it("keeps an events step's pending ports", () => {
    const events = run.steps.find((s) => s.op === "events")!;
    expect(events.pending).toEqual([2]);
    expect(run.ok).toBe(true);
  });
});
