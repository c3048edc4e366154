export * from "./narrow.js";
export * from "./poison.js";
export * from "./context.js";
export * from "./arm.js";
export * from "./x86.js";
export * from "./multicall.js";
export * from "./bound-table.js";
export * from "./call-handlers.js";
