/** Test helpers: lay out Argo structs in a domain's memory as a guest would. */
import type { Domain } from "../../machine/domain.js";

export function w32(d: Domain, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  d.memory.write(addr, b);
}
export function w16(d: Domain, addr: number, v: number): void {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, true);
  d.memory.write(addr, b);
}
export function r32(d: Domain, addr: number): number {
  const b = d.memory.readBytes(addr, 4)!;
  return new DataView(b.buffer).getUint32(0, true);
}
export function r16(d: Domain, addr: number): number {
  const b = d.memory.readBytes(addr, 2)!;
  return new DataView(b.buffer).getUint16(0, true);
}
/** xen_argo_register_ring_t at addr. */
export function putReg(
  d: Domain,
  addr: number,
  aport: number,
  partner: number,
  len: number,
  pad = 0,
): void {
  w32(d, addr, aport);
  w16(d, addr + 4, partner);
  w16(d, addr + 6, pad);
  w32(d, addr + 8, len);
}
/** gfn array (u64 each) at addr. */
export function putGfns(d: Domain, addr: number, gfns: readonly number[]): void {
  gfns.forEach((g, i) => {
    w32(d, addr + i * 8, g % 0x100000000);
    w32(d, addr + i * 8 + 4, Math.floor(g / 0x100000000));
  });
}
/** xen_argo_send_addr_t at addr. */
export function putSendAddr(
  d: Domain,
  addr: number,
  src: { aport: number; domid: number; pad?: number },
  dst: { aport: number; domid: number; pad?: number },
): void {
  w32(d, addr, src.aport);
  w16(d, addr + 4, src.domid);
  w16(d, addr + 6, src.pad ?? 0);
  w32(d, addr + 8, dst.aport);
  w16(d, addr + 12, dst.domid);
  w16(d, addr + 14, dst.pad ?? 0);
}
/** Native iovs (16 bytes) or compat iovs (12 bytes) at addr. */
export function putIovs(
  d: Domain,
  addr: number,
  iovs: readonly { addr: number; len: number; pad?: number }[],
  compat = false,
): void {
  const size = compat ? 12 : 16;
  iovs.forEach((v, i) => {
    const a = addr + i * size;
    if (compat) {
      w32(d, a, v.addr);
      w32(d, a + 4, v.len);
      w32(d, a + 8, v.pad ?? 0);
    } else {
      w32(d, a, v.addr % 0x100000000);
      w32(d, a + 4, Math.floor(v.addr / 0x100000000));
      w32(d, a + 8, v.len);
      w32(d, a + 12, v.pad ?? 0);
    }
  });
}
/** xen_argo_ring_data_t with entries at addr. */
export function putRingData(
  d: Domain,
  addr: number,
  ents: readonly {
    aport: number;
    domid: number;
    spaceRequired?: number;
    maxMessageSize?: number;
  }[],
  nent = ents.length,
): void {
  w32(d, addr, nent);
  w32(d, addr + 4, 0);
  ents.forEach((e, i) => {
    const a = addr + 8 + i * 20;
    w32(d, a, e.aport);
    w16(d, a + 4, e.domid);
    w16(d, a + 6, 0);
    w16(d, a + 8, 0xffff);
    w16(d, a + 10, 0);
    w32(d, a + 12, e.spaceRequired ?? 0);
    w32(d, a + 16, e.maxMessageSize ?? 0);
  });
}
export function entFlags(d: Domain, addr: number, i: number): number {
  return r16(d, addr + 8 + i * 20 + 8);
}
export function entMaxMessageSize(d: Domain, addr: number, i: number): number {
  return r32(d, addr + 8 + i * 20 + 16);
}
