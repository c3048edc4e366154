export * from "./types.js";
export * from "./hypercalls.js";
export * from "./dispatch-table.js";
export * from "./structs/index.js";
export * from "./release-diff.js";
export * from "./struct-offsets.js";
