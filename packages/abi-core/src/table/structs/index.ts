/**
 * The struct table: every struct hypercalls read from and write to guest memory, assembled from
 * one file per public header, with lookups by name and their layouts. Layouts come from the
 * engine in abi/layout.ts; test/fixtures/layouts/ holds clang's answer for every struct here on
 * all four targets.
 */
import { GUEST_MODES, type CTarget, type GuestMode } from "../../abi/modes.js";
import { C_TARGETS, type LayoutAbi } from "../../abi/ctypes.js";
import { LayoutEngine, UnknownStructError, type StructLayout } from "../../abi/layout.js";
import type { StructDef } from "./define.js";
import { ARGO_STRUCTS } from "./argo.js";
import { XEN_STRUCTS } from "./xen.js";
import { SHARED_STRUCTS } from "./shared.js";
import { VERSION_STRUCTS } from "./version.js";
import { SCHED_STRUCTS } from "./sched.js";
import { EVENT_CHANNEL_STRUCTS } from "./event_channel.js";
import { VCPU_STRUCTS } from "./vcpu.js";
import { VCPU_CONTEXT_STRUCTS } from "./vcpu-context.js";
import { MEMORY_STRUCTS } from "./memory.js";
import { GRANT_TABLE_STRUCTS } from "./grant_table.js";
import { HVM_OP_STRUCTS } from "./hvm_op.js";
import { PHYSDEV_STRUCTS } from "./physdev.js";

export type { StructDef, StructFieldDef } from "./define.js";

export const STRUCTS: readonly StructDef[] = [
  ...ARGO_STRUCTS,
  ...XEN_STRUCTS,
  ...SHARED_STRUCTS,
  ...VERSION_STRUCTS,
  ...SCHED_STRUCTS,
  ...EVENT_CHANNEL_STRUCTS,
  ...VCPU_STRUCTS,
  ...VCPU_CONTEXT_STRUCTS,
  ...MEMORY_STRUCTS,
  ...GRANT_TABLE_STRUCTS,
  ...HVM_OP_STRUCTS,
  ...PHYSDEV_STRUCTS,
];

// eslint-disable-next-line no-restricted-syntax -- lookup built once at load, never changed after
const BY_NAME = new Map<string, StructDef>();
for (const s of STRUCTS) {
  for (const key of s.tag === undefined ? [s.name] : [s.name, s.tag]) {
    // Two headers declaring one name would make lookups depend on table order.
    if (BY_NAME.has(key)) throw new Error(`struct table: '${key}' is declared twice`);
    BY_NAME.set(key, s);
  }
}

/** Names of every struct the project knows, in table order. */
export const STRUCT_NAMES: readonly string[] = STRUCTS.map((s) => s.name);

/** The struct called `name` (typedef name, tag, or `struct tag`), or undefined. */
export function findStruct(name: string): StructDef | undefined {
  return BY_NAME.get(name.replace(/^\s*struct\s+/, "").trim());
}

/** The struct called `name`; throws UnknownStructError. */
export function structDef(name: string): StructDef {
  const s = findStruct(name);
  if (s === undefined) throw new UnknownStructError(name);
  return s;
}

const engine = new LayoutEngine(findStruct);

/**
 * Layout of struct `name` for a guest mode (or a C target): size, alignment, and each field's
 * offset, size and alignment. Cached per (struct, target). Throws UnknownStructError.
 */
export function layoutOf(name: string, abi: LayoutAbi): StructLayout {
  return engine.layoutOf(name, abi);
}

/** The layout of `name` in every guest mode. */
export function layoutsByMode(name: string): Record<GuestMode, StructLayout> {
  return Object.fromEntries(GUEST_MODES.map((m) => [m, layoutOf(name, m)])) as Record<
    GuestMode,
    StructLayout
  >;
}

/** The layout of `name` on every C target (the fixtures' keys). */
export function layoutsByTarget(name: string): Record<CTarget, StructLayout> {
  return Object.fromEntries(C_TARGETS.map((t) => [t, layoutOf(name, t)])) as Record<
    CTarget,
    StructLayout
  >;
}
