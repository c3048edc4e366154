/**
 * Message exactness (docs/designs/argo.pandoc): every message a receiver reads has the exact
 * length, the true sender and type, and the bytes sent, in order; none is lost or invented.
 */
import { fail } from "./violation.js";
import type { Track } from "./world.js";

/** Record that `parts`, concatenated, were delivered to the ring `t` tracks. */
export function expectMessage(
  t: Track,
  domid: number,
  aport: number,
  type: number,
  parts: readonly Uint8Array[],
  total: number,
): void {
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  t.queue.push({ domid, aport, type, bytes });
}

/**
 * Read every message in the synced ring `t` (named `k` in messages) into `outBuf` and check
 * each against what the model expects, then that nothing expected is missing.
 */
export function drainAndCheck(k: string, t: Track, outBuf: Uint8Array): void {
  for (;;) {
    const n = t.ring.receive(outBuf);
    if (n < 0) break;
    const e = t.queue.shift();
    if (!e) fail(`ring ${k}: a message nobody sent (${n} bytes)`);
    if (n !== e.bytes.length) fail(`ring ${k}: length ${n}, sent ${e.bytes.length}`);
    if (t.ring.lastSourceDomid !== e.domid || t.ring.lastSourceAport !== e.aport)
      fail(
        `ring ${k}: source d${t.ring.lastSourceDomid}:${t.ring.lastSourceAport}, sent by d${e.domid}:${e.aport}`,
      );
    if (t.ring.lastType !== e.type) fail(`ring ${k}: type ${t.ring.lastType}, sent ${e.type}`);
    for (let i = 0; i < n; i++)
      if (outBuf[i] !== e.bytes[i]) fail(`ring ${k}: byte ${i} differs from what was sent`);
  }
  if (t.queue.length !== 0) fail(`ring ${k}: ${t.queue.length} sent messages never arrived`);
}
