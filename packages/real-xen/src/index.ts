/** Scenarios on real Xen under QEMU: public entry of @xen-abi/real-xen (Node only). */
export * from "./builds.js";
export * from "./compile.js";
export * from "./dom0.js";
export * from "./guest-abi.js";
export { guestImage, guestWithSteps } from "./guest-build.js";
export * from "./output.js";
export { boot } from "./qemu.js";
export type { BootResult } from "./qemu.js";
export * from "./run-real.js";
export * from "./diff.js";
export * from "./dom0less.js";
export * from "./dom0less-run.js";
