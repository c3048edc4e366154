export * from "./modes.js";
export * from "./ctypes.js";
export * from "./layout.js";
