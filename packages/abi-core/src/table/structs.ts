/** The struct table now lives in structs/, one file per public header; this path keeps working. */
export * from "./structs/index.js";
