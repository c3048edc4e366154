/**
 * Test helper shared by the bring-up hypercalls' tests: a guest that lays structs out through
 * the layout engine for its mode and issues hypercalls through its registers.
 */
import type { FieldsInput, FieldsOutput } from "../machine/structio.js";
import { readStruct, writeStruct } from "../machine/structio.js";
import { layoutOf } from "../table/structs.js";
import type { ExecResult, Xen } from "../xen.js";

export class TestGuest {
  constructor(
    readonly xen: Xen,
    readonly id: number,
  ) {}

  get domain() {
    return this.xen.domain(this.id);
  }

  put(addr: number, struct: string, fields: FieldsInput): void {
    if (!writeStruct(this.domain.memory, addr, layoutOf(struct, this.domain.mode), fields))
      throw new Error(`cannot write ${struct} at 0x${addr.toString(16)}`);
  }

  get(addr: number, struct: string): FieldsOutput {
    const r = readStruct(this.domain.memory, addr, layoutOf(struct, this.domain.mode));
    if (r === undefined) throw new Error(`cannot read ${struct} at 0x${addr.toString(16)}`);
    return r;
  }

  /** Hypercall `nr` with arguments 1-5 on vCPU `vcpu`; the signed result. */
  call(nr: number, args: readonly (number | bigint)[], vcpu = 0): number {
    this.exec(nr, args, vcpu);
    return Number(this.xen.result(this.id, vcpu));
  }

  /** Hypercall `nr` with arguments 1-5 on vCPU `vcpu`; the instruction's outcome and trace. */
  exec(nr: number, args: readonly (number | bigint)[], vcpu = 0): ExecResult {
    const info = this.domain.info;
    this.xen.writeRegister(this.id, vcpu, info.numberReg, BigInt(nr));
    args.forEach((a, i) => this.xen.writeRegister(this.id, vcpu, info.argRegs[i]!, BigInt(a)));
    return this.xen.execute(this.id, vcpu);
  }
}
