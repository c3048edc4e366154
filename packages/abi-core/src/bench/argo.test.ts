import { describe, expect, it } from "vitest";
import { benchArgo } from "./argo.js";

describe("benchArgo", () => {
  it("measures both workloads and reports a ratio", () => {
    const r = benchArgo(50);
    expect(r.smallMessagesPerSecond).toBeGreaterThan(0);
    expect(r.bandwidthRatio).toBeCloseTo(r.largeBytesPerSecond / r.copyBytesPerSecond);
    expect(r.inPlaceRatio).toBeCloseTo(r.inPlaceBytesPerSecond / r.copyBytesPerSecond);
    expect(r.inPlaceBytesPerSecond).toBeGreaterThan(0);
    expect(r.twoCopyCeiling).toBeGreaterThan(0);
  });
});
