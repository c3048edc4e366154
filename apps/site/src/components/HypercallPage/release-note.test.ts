import { describe, expect, it } from "vitest";
import { releaseNote } from "./release-note";

const page = {
  releases: [],
  behaviour: [],
  errors: [{ errno: "EINVAL", when: "The domain is not an HVM domain." }],
  subops: [],
  quirks: [],
};

describe("release differences note", () => {
  it("says the hypercall is the same in every release when nothing on the page names one", () => {
    expect(releaseNote(page, "4.12", "4.22.0")).toBe(
      "The same in every modelled release (4.12–4.22.0).",
    );
  });

  it("does not claim no differences under modelled behaviour facts (memory_op's XSA-346)", () => {
    const behaviour = [{ id: "physmapBatchRes0" }] as unknown as typeof page.behaviour;
    expect(releaseNote({ ...page, behaviour }, "4.12", "4.22.0")).toBeUndefined();
  });

  it("nor when an error, a sub-op or a quirk names a release", () => {
    const sub = (when: string) => ({
      ...page,
      subops: [
        {
          name: "X",
          value: 0,
          args: [],
          structs: [],
          errors: [{ errno: "EPERM", when }],
          modelled: true,
        },
      ],
    });
    for (const p of [
      {
        ...page,
        errors: [{ errno: "EINVAL", when: "The parameter is deprecated (x86 from 4.14)." }],
      },
      sub("(4.18+) A vcpu_info area is already registered."),
      sub("x86 4.12-4.13; DM_DOMAIN, whoever sets it."),
      { ...page, quirks: [{ id: "q", title: "t", detail: "Up to 4.14.0 the limit was 4096." }] },
    ])
      expect(releaseNote(p, "4.12", "4.22.0")).toBe(
        "Where releases differ, the sub-ops, errors and quirks above say so.",
      );
  });

  it("lists nothing more when the document lists its changes", () => {
    const releases = [{ release: "4.14", change: "x" }];
    expect(releaseNote({ ...page, releases }, "4.12", "4.22.0")).toBeUndefined();
  });

  it("is not misled by numbers that are not releases", () => {
    const p = {
      ...page,
      errors: [{ errno: "EINVAL", when: "period_ns is below 4.1 ms or 14.12 s." }],
    };
    expect(releaseNote(p, "4.12", "4.22.0")).toBe(
      "The same in every modelled release (4.12–4.22.0).",
    );
  });
});
