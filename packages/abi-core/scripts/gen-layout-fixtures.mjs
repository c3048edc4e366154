#!/usr/bin/env node
/**
 * Regenerates test/fixtures/layouts/{aarch64,armv7,x86_64,i386}.json: clang's own layout of
 * every struct in scripts/layout-fixtures/structs.c, which the layout tests compare the
 * engine against. Nothing is run on the target; clang only compiles.
 *
 *   node packages/abi-core/scripts/gen-layout-fixtures.mjs      (needs clang: apt-get install clang)
 *
 * For each target:
 *  1. `clang -target T -ffreestanding -fsyntax-only -Xclang -fdump-record-layouts structs.c`
 *     gives each record's sizeof, alignment and its members' offsets;
 *  2. a generated probe of `sizeof` / `_Alignof` per member, compiled with `-S`, gives each
 *     member's size and alignment (read back from the assembly's data directives).
 * Set CLANG to use another clang binary.
 *
 *   node packages/abi-core/scripts/gen-layout-fixtures.mjs --check-xen PATH/TO/xen
 *
 * writes nothing: it lays out the same records from Xen's real public headers (a xen.git
 * checkout) for each target and reports any difference from structs.c's model. (For i386 the
 * real headers give the native 32-bit guest view; Xen's compat view has the same layout.)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, "layout-fixtures");
const outDir = join(here, "..", "test", "fixtures", "layouts");
const repoRoot = join(here, "..", "..", "..");
const clang = process.env.CLANG ?? "clang";

/** Our target names -> clang triples (the same table as CLANG_TRIPLES in src/abi/ctypes.ts). */
const TARGETS = {
  aarch64: "aarch64-linux-gnu",
  armv7: "armv7a-linux-gnueabihf",
  x86_64: "x86_64-linux-gnu",
  i386: "i386-linux-gnu",
};

function run(args, cwd) {
  return execFileSync(clang, args, { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
}

/** `FIXTURE(name, struct tag)` lines of structs.c, in order. */
function fixtureList(cSource) {
  const out = [];
  for (const m of cSource.matchAll(/^FIXTURE\((\w+),\s*(struct \w+)\)/gm))
    out.push({ name: m[1], record: m[2] });
  if (out.length === 0) throw new Error("no FIXTURE lines in structs.c");
  return out;
}

/**
 * Parses `-fdump-record-layouts` output into records keyed by their header (`struct foo`), each
 * with sizeof, align and its direct members (deeper indentation = a nested record's members).
 */
function parseRecordDump(text) {
  const records = new Map();
  for (const block of text.split("*** Dumping AST Record Layout").slice(1)) {
    const lines = block.split("\n").filter((l) => l.includes("|"));
    const head = /^\s*0 \| (.+)$/.exec(lines[0]);
    if (head === null) throw new Error(`cannot parse record header: ${lines[0]}`);
    const fields = [];
    let size;
    let align;
    for (const line of lines.slice(1)) {
      const tail = /^\s*\| \[sizeof=(\d+), align=(\d+)\]/.exec(line);
      if (tail !== null) {
        size = Number(tail[1]);
        align = Number(tail[2]);
        continue;
      }
      const m = /^\s*(\d+) \|( +)(.+) (\w+)$/.exec(line);
      if (m === null) throw new Error(`cannot parse record line: ${line}`);
      if (m[2].length !== 3) continue; // a nested record's member
      fields.push({ name: m[4], type: m[3], offset: Number(m[1]) });
    }
    if (size === undefined) throw new Error(`no sizeof for ${head[1]}`);
    records.set(head[1].trim(), { size, align, fields });
  }
  return records;
}

/** The numbers of `fixture_probe` in clang's assembly (`.long`/`.word`/`.int` directives). */
function parseProbe(asm) {
  const lines = asm.split("\n");
  const start = lines.findIndex((l) => /^fixture_probe:/.test(l));
  if (start < 0) throw new Error("fixture_probe not found in assembly");
  const values = [];
  for (const l of lines.slice(start + 1)) {
    const m = /^\s*\.(?:long|word|int)\s+(\d+)/.exec(l);
    if (m === null) break;
    values.push(Number(m[1]));
  }
  return values;
}

function generate(target, triple, fixtures, version) {
  const dumpArgs = [
    "-target",
    triple,
    "-ffreestanding",
    "-fsyntax-only",
    "-Xclang",
    "-fdump-record-layouts",
    "structs.c",
  ];
  const records = parseRecordDump(run(dumpArgs, srcDir));

  // Probe: per record sizeof + _Alignof, then per direct member sizeof + _Alignof (element
  // type for arrays, which also covers flexible members, whose size is 0 by definition).
  const exprs = [];
  const plan = fixtures.map(({ name, record }) => {
    const rec = records.get(record);
    if (rec === undefined) throw new Error(`${record} (${name}) missing from clang's record dump`);
    exprs.push(`sizeof(${record})`, `_Alignof(${record})`);
    for (const f of rec.fields) {
      const flexible = /\[\]$/.test(f.type);
      const member = `((${record} *)0)->${f.name}`;
      const elem = /\]$/.test(f.type) ? `${member}[0]` : member;
      exprs.push(flexible ? "0" : `sizeof(${member})`, `_Alignof(__typeof__(${elem}))`);
    }
    return { name, record, rec };
  });
  const dir = mkdtempSync(join(tmpdir(), "layout-probe-"));
  let values;
  try {
    const probe = join(dir, "probe.c");
    writeFileSync(
      probe,
      `#include "structs.c"\nconst unsigned int fixture_probe[] = {\n  ${exprs.join(",\n  ")}\n};\n`,
    );
    values = parseProbe(
      run(["-target", triple, "-ffreestanding", "-I", srcDir, "-S", "-o", "-", probe], srcDir),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (values.length !== exprs.length)
    throw new Error(`${target}: probe gave ${values.length} of ${exprs.length} values`);

  let i = 0;
  const structs = {};
  for (const { name, record, rec } of plan) {
    const size = values[i++];
    const align = values[i++];
    if (size !== rec.size || align !== rec.align)
      throw new Error(
        `${target} ${record}: probe ${size}/${align} != dump ${rec.size}/${rec.align}`,
      );
    structs[name] = {
      size,
      align,
      fields: rec.fields.map((f) => {
        const out = {
          name: f.name,
          type: f.type,
          offset: f.offset,
          size: values[i++],
          align: values[i++],
        };
        if (/\[\]$/.test(f.type)) out.flexible = true;
        return out;
      }),
    };
  }
  const command = `${clang} ${dumpArgs.join(" ")} (in ${relative(repoRoot, srcDir)}) + a sizeof/_Alignof probe`;
  return {
    generated: `by node packages/abi-core/scripts/gen-layout-fixtures.mjs with ${version}: ${command}`,
    target,
    triple,
    structs,
  };
}

/** JSON with one struct field per line: readable diffs when a layout changes. */
function format(doc) {
  const out = ["{"];
  out.push(`  "generated": ${JSON.stringify(doc.generated)},`);
  out.push(`  "target": ${JSON.stringify(doc.target)},`);
  out.push(`  "triple": ${JSON.stringify(doc.triple)},`);
  out.push(`  "structs": {`);
  const names = Object.keys(doc.structs);
  names.forEach((name, n) => {
    const s = doc.structs[name];
    out.push(`    ${JSON.stringify(name)}: {`);
    out.push(`      "size": ${s.size},`);
    out.push(`      "align": ${s.align},`);
    out.push(`      "fields": [`);
    s.fields.forEach((f, k) =>
      out.push(`        ${JSON.stringify(f)}${k < s.fields.length - 1 ? "," : ""}`),
    );
    out.push(`      ]`);
    out.push(`    }${n < names.length - 1 ? "," : ""}`);
  });
  out.push("  }", "}", "");
  return out.join("\n");
}

/** Differences between the model's records and the same records from Xen's own headers. */
function checkXen(xenDir, fixtures, cSource) {
  // The headers structs.c models, from its `/* public/<header> ... */` section comments.
  const headers = [
    ...new Set([...cSource.matchAll(/^\/\* (public\/[\w/]+\.h)\b/gm)].map((m) => m[1])),
  ];
  const wrappers = [...cSource.matchAll(/^struct \w+_wrap \{.*\};$/gm)].map((m) => m[0]);
  const fixtureLines = [...cSource.matchAll(/^FIXTURE\(.*\)$/gm)].map((m) => m[0]);
  const dir = mkdtempSync(join(tmpdir(), "layout-xen-"));
  let bad = 0;
  try {
    const real = join(dir, "real.c");
    writeFileSync(
      real,
      [
        "#include <stdint.h>",
        ...headers.map((h) => `#include "${h}"`),
        "#define FIXTURE(name, type) extern char fixture_##name[sizeof(type)];",
        ...wrappers,
        ...fixtureLines,
        "",
      ].join("\n"),
    );
    for (const [target, triple] of Object.entries(TARGETS)) {
      const dump = [
        "-target",
        triple,
        "-ffreestanding",
        "-fsyntax-only",
        "-Xclang",
        "-fdump-record-layouts",
      ];
      const model = parseRecordDump(run([...dump, "structs.c"], srcDir));
      // The interface version Xen itself is built with (xen-compat.h); a guest that sets none
      // gets the legacy 0, which renames or drops fields (mem_flags, the GNTTABOP_ v2 structs).
      const latest = "-D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__";
      const xen = parseRecordDump(
        run([...dump, latest, "-I", join(xenDir, "xen", "include"), real], dir),
      );
      for (const { name, record } of fixtures) {
        const shape = (r) =>
          r &&
          JSON.stringify({
            size: r.size,
            align: r.align,
            fields: r.fields.map((f) => [f.name, f.offset]),
          });
        const [a, b] = [shape(model.get(record)), shape(xen.get(record))];
        if (a !== b) {
          bad++;
          console.log(`${target} ${name}:\n  model ${a}\n  xen   ${b}`);
        }
      }
      console.log(`${target}: ${fixtures.length} records compared with ${xenDir}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return bad;
}

const version = run(["--version"], srcDir).split("\n")[0].trim();
const cSource = readFileSync(join(srcDir, "structs.c"), "utf8");
const fixtures = fixtureList(cSource);
const xenAt = process.argv.indexOf("--check-xen");
if (xenAt >= 0) {
  const xenDir = process.argv[xenAt + 1];
  if (xenDir === undefined) throw new Error("--check-xen needs the path of a xen.git checkout");
  const bad = checkXen(xenDir, fixtures, cSource);
  console.log(bad === 0 ? "the model matches Xen's headers" : `${bad} differences`);
  process.exit(bad === 0 ? 0 : 1);
}
for (const [target, triple] of Object.entries(TARGETS)) {
  const doc = generate(target, triple, fixtures, version);
  const file = join(outDir, `${target}.json`);
  writeFileSync(file, format(doc));
  console.log(`${relative(repoRoot, file)}: ${Object.keys(doc.structs).length} structs`);
}
