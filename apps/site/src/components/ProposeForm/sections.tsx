/**
 * The proposal form's sections, one per part of a proposal the linter checks: the hypercall,
 * its errors and unknown-sub-op result, parameters, sub-ops (with their errors and what each
 * does with every argument), structs and flags.
 */
import React from "react";
import { subopNameFor } from "@xen-abi/guidelines/naming";
import {
  CHECKS,
  DIRECTIONS,
  GUESTS,
  newError,
  newField,
  newSubop,
  prefixOf,
  subopArgEntries,
  subopParams,
  type ArgUse,
  type ErrorRow,
  type FormState,
} from "./model";
import { AddButton, Check, Row, Select, Slot, Text } from "./fields";
import styles from "./styles.module.css";

export type Edit = (fn: (draft: FormState) => void) => void;

interface SectionProps {
  s: FormState;
  edit: Edit;
}

/** A list of documented errors (`errors` or a sub-op's `errors`). */
function ErrorsList({
  at,
  who,
  rows,
  edit,
  get,
}: {
  at: string;
  who: string;
  rows: ErrorRow[];
  edit: Edit;
  get: (d: FormState) => ErrorRow[];
}): React.ReactElement {
  return (
    <div className={styles.list} data-list={at}>
      <Slot at={at} />
      {rows.map((e, j) => (
        <Row
          key={j}
          at={`${at}.${j}`}
          title={`${who} error ${j + 1}`}
          onRemove={() => edit((d) => void get(d).splice(j, 1))}
        >
          <Text
            label={`${who} error ${j + 1} errno`}
            at={`${at}.${j}.errno`}
            value={e.errno}
            placeholder="EINVAL"
            onChange={(v) => edit((d) => void (get(d)[j]!.errno = v))}
          />
          <Text
            wide
            label={`${who} error ${j + 1} when`}
            at={`${at}.${j}.when`}
            value={e.when}
            onChange={(v) => edit((d) => void (get(d)[j]!.when = v))}
          />
        </Row>
      ))}
      <AddButton onClick={() => edit((d) => void get(d).push(newError()))}>
        add {who} error
      </AddButton>
    </div>
  );
}

export function HypercallSection({ s, edit }: SectionProps): React.ReactElement {
  return (
    <fieldset>
      <legend>Hypercall</legend>
      <div className={styles.rowFields}>
        <Text
          label="name"
          at="name"
          value={s.name}
          placeholder="frob_op"
          onChange={(v) => edit((d) => void (d.name = v))}
        />
        <Text
          label="number (optional)"
          at="number"
          value={s.number}
          inputMode="numeric"
          placeholder="an unused one"
          onChange={(v) => edit((d) => void (d.number = v))}
        />
        <Text
          wide
          label="summary"
          at="summary"
          value={s.summary}
          onChange={(v) => edit((d) => void (d.summary = v))}
        />
        <Text
          wide
          label="purpose (optional)"
          at="purpose"
          value={s.purpose}
          onChange={(v) => edit((d) => void (d.purpose = v))}
        />
        <Text
          label="sub-op prefix"
          at="subopPrefix"
          value={s.subopPrefix}
          placeholder={prefixOf({ ...s, subopPrefix: "" })}
          onChange={(v) => edit((d) => void (d.subopPrefix = v))}
        />
        <Text
          label="unknown sub-op returns"
          at="unknownSubop"
          value={s.unknownSubop}
          placeholder="EOPNOTSUPP"
          onChange={(v) => edit((d) => void (d.unknownSubop = v))}
        />
        <Text
          label="CONFIG_ option (optional)"
          at="config"
          value={s.config}
          placeholder="CONFIG_FROB"
          onChange={(v) => edit((d) => void (d.config = v))}
        />
      </div>
      <div className={styles.field} data-at="guests">
        <span className={styles.label}>guest types with a handler</span>{" "}
        {GUESTS.map((g) => (
          <label key={g} className={styles.inline}>
            <input
              type="checkbox"
              aria-label={`guest ${g}`}
              checked={s.guests.includes(g)}
              onChange={(e) =>
                edit((d) => {
                  d.guests = e.target.checked ? [...d.guests, g] : d.guests.filter((x) => x !== g);
                })
              }
            />{" "}
            {g}
          </label>
        ))}
        <Slot at="guests" />
      </div>
      <Check
        label="argument registers survive the call"
        at="preservesArguments"
        checked={s.preservesArguments}
        onChange={(v) => edit((d) => void (d.preservesArguments = v))}
      />
      <h4>Errors</h4>
      <ErrorsList at="errors" who="hypercall" rows={s.errors} edit={edit} get={(d) => d.errors} />
    </fieldset>
  );
}

export function ParamsSection({ s, edit }: SectionProps): React.ReactElement {
  return (
    <fieldset>
      <legend>Parameters</legend>
      <Slot at="params" />
      {s.params.map((p, i) => (
        <Row
          key={i}
          at={`params.${i}`}
          title={`param ${i + 1}`}
          onRemove={() => edit((d) => void d.params.splice(i, 1))}
        >
          <Text
            label={`param ${i + 1} name`}
            at={`params.${i}.name`}
            value={p.name}
            onChange={(v) => edit((d) => void (d.params[i]!.name = v))}
          />
          <Text
            label={`param ${i + 1} type`}
            at={`params.${i}.type`}
            value={p.type}
            onChange={(v) => edit((d) => void (d.params[i]!.type = v))}
          />
          <Select
            label={`param ${i + 1} direction`}
            at={`params.${i}.direction`}
            value={p.direction}
            options={DIRECTIONS}
            onChange={(v) => edit((d) => void (d.params[i]!.direction = v))}
          />
          <Select
            label={`param ${i + 1} check`}
            at={`params.${i}.check`}
            value={p.check}
            options={CHECKS}
            onChange={(v) => edit((d) => void (d.params[i]!.check = v))}
          />
          <Text
            wide
            label={`param ${i + 1} meaning`}
            at={`params.${i}.meaning`}
            value={p.meaning}
            onChange={(v) => edit((d) => void (d.params[i]!.meaning = v))}
          />
        </Row>
      ))}
      <AddButton
        onClick={() =>
          edit((d) =>
            d.params.push({
              name: `arg${d.params.length}`,
              type: "unsigned long",
              meaning: "A 32-bit value.",
              direction: "in",
              check: "range-checked",
            }),
          )
        }
      >
        add parameter
      </AddButton>
    </fieldset>
  );
}

const USES: readonly ArgUse[] = ["used", "unused", "unused-checked"];

export function SubopsSection({ s, edit }: SectionProps): React.ReactElement {
  const prefix = prefixOf(s);
  return (
    <fieldset>
      <legend>Sub-ops</legend>
      <Slot at="subops" />
      {s.subops.map((o, i) => {
        const entries = subopArgEntries(s, o);
        return (
          <Row
            key={i}
            at={`subops.${i}`}
            title={`sub-op ${i + 1}`}
            onRemove={() => edit((d) => void d.subops.splice(i, 1))}
          >
            <Text
              label={`sub-op ${i + 1} name`}
              at={`subops.${i}.name`}
              value={o.name}
              onChange={(v) => edit((d) => void (d.subops[i]!.name = v))}
            />
            <div className={styles.field}>
              <span className={styles.label}>defined as</span>
              <code data-subop-define={i}>{subopNameFor(prefix, o.name.trim())}</code>
            </div>
            <Text
              label={`sub-op ${i + 1} value`}
              at={`subops.${i}.value`}
              value={o.value}
              inputMode="numeric"
              onChange={(v) => edit((d) => void (d.subops[i]!.value = v))}
            />
            <Text
              wide
              label={`sub-op ${i + 1} summary`}
              at={`subops.${i}.summary`}
              value={o.summary}
              onChange={(v) => edit((d) => void (d.subops[i]!.summary = v))}
            />
            <Check
              label={`sub-op ${i + 1} is long-running`}
              at={`subops.${i}.longRunning`}
              checked={o.longRunning}
              onChange={(v) => edit((d) => void (d.subops[i]!.longRunning = v))}
            />
            <Check
              label={`sub-op ${i + 1} preempts itself (continuation)`}
              at={`subops.${i}.continuation`}
              checked={o.continuation}
              onChange={(v) => edit((d) => void (d.subops[i]!.continuation = v))}
            />
            <div className={styles.fieldWide}>
              <Slot at={`subops.${i}.args`} />
              {subopParams(s).map(({ index, param }) => {
                const a = o.args[param.name] ?? { use: "used" as ArgUse, meaning: "" };
                const j = entries.findIndex((x) => x.paramIndex === index);
                const set = (patch: Partial<typeof a>) =>
                  edit((d) => {
                    d.subops[i]!.args[param.name] = { ...a, ...patch };
                  });
                return (
                  <div key={index} className={styles.argRow}>
                    <Select
                      label={`sub-op ${i + 1} ${param.name}`}
                      at={j < 0 ? `subops.${i}.unlisted.${param.name}` : `subops.${i}.args.${j}`}
                      value={a.use}
                      options={USES}
                      onChange={(v) => set({ use: v })}
                    />
                    {a.use === "used" && (
                      <Text
                        wide
                        label={`sub-op ${i + 1} ${param.name} meaning`}
                        at={
                          j < 0
                            ? `subops.${i}.unlisted.${param.name}.meaning`
                            : `subops.${i}.args.${j}.meaning`
                        }
                        value={a.meaning}
                        onChange={(v) => set({ meaning: v })}
                      />
                    )}
                  </div>
                );
              })}
            </div>
            <div className={styles.fieldWide}>
              <ErrorsList
                at={`subops.${i}.errors`}
                who={`sub-op ${i + 1}`}
                rows={o.errors}
                edit={edit}
                get={(d) => d.subops[i]!.errors}
              />
            </div>
          </Row>
        );
      })}
      <AddButton onClick={() => edit((d) => void d.subops.push(newSubop(d.subops.length)))}>
        add sub-op
      </AddButton>
    </fieldset>
  );
}

export function StructsSection({ s, edit }: SectionProps): React.ReactElement {
  return (
    <fieldset>
      <legend>Structs</legend>
      <Slot at="structs" />
      {s.structs.map((st, i) => (
        <Row
          key={i}
          at={`structs.${i}`}
          title={`struct ${i + 1}`}
          onRemove={() => edit((d) => void d.structs.splice(i, 1))}
        >
          <Text
            label={`struct ${i + 1} name`}
            at={`structs.${i}.name`}
            value={st.name}
            onChange={(v) => edit((d) => void (d.structs[i]!.name = v))}
          />
          <Text
            wide
            label={`struct ${i + 1} summary`}
            at={`structs.${i}.summary`}
            value={st.summary}
            onChange={(v) => edit((d) => void (d.structs[i]!.summary = v))}
          />
          <div className={styles.fieldWide}>
            <Slot at={`structs.${i}.fields`} />
            {st.fields.map((f, j) => {
              const at = `structs.${i}.fields.${j}`;
              const who = `struct ${i + 1} field ${j + 1}`;
              const set = (fn: (x: typeof f) => void) => edit((d) => fn(d.structs[i]!.fields[j]!));
              return (
                <Row
                  key={j}
                  at={at}
                  title={who}
                  onRemove={() => edit((d) => void d.structs[i]!.fields.splice(j, 1))}
                >
                  <Text
                    label={`${who} name`}
                    at={`${at}.name`}
                    value={f.name}
                    onChange={(v) => set((x) => void (x.name = v))}
                  />
                  <Text
                    label={`${who} type`}
                    at={`${at}.type`}
                    value={f.type}
                    onChange={(v) => set((x) => void (x.type = v))}
                  />
                  <Text
                    label={`${who} count`}
                    at={`${at}.count`}
                    value={f.count}
                    inputMode="numeric"
                    placeholder="scalar"
                    onChange={(v) => set((x) => void (x.count = v))}
                  />
                  <Check
                    label={`${who} is a flexible array`}
                    at={`${at}.flexible`}
                    checked={f.flexible}
                    onChange={(v) => set((x) => void (x.flexible = v))}
                  />
                  <Check
                    label={`${who} must be zero (checked)`}
                    at={`${at}.check`}
                    checked={f.mustBeZero}
                    onChange={(v) => set((x) => void (x.mustBeZero = v))}
                  />
                  <Text
                    wide
                    label={`${who} meaning`}
                    at={`${at}.meaning`}
                    value={f.meaning}
                    onChange={(v) => set((x) => void (x.meaning = v))}
                  />
                </Row>
              );
            })}
            <AddButton
              onClick={() =>
                edit((d) => void d.structs[i]!.fields.push(newField(`field${st.fields.length}`)))
              }
            >
              add field to struct {i + 1}
            </AddButton>
          </div>
        </Row>
      ))}
      <AddButton
        onClick={() =>
          edit((d) =>
            d.structs.push({
              name: `xen_${d.name.replace(/_op$/, "")}_t`,
              summary: "What it describes.",
              fields: [newField("value")],
            }),
          )
        }
      >
        add struct
      </AddButton>
    </fieldset>
  );
}

export function FlagsSection({ s, edit }: SectionProps): React.ReactElement {
  return (
    <fieldset>
      <legend>Flags</legend>
      <Slot at="flags" />
      {s.flags.map((f, i) => (
        <Row
          key={i}
          at={`flags.${i}`}
          title={`flags ${i + 1}`}
          onRemove={() => edit((d) => void d.flags.splice(i, 1))}
        >
          <Text
            label={`flags ${i + 1} carried in`}
            at={`flags.${i}.in`}
            value={f.in}
            placeholder="flags or struct.field"
            onChange={(v) => edit((d) => void (d.flags[i]!.in = v))}
          />
          <Select
            label={`flags ${i + 1} unknown bits`}
            at={`flags.${i}.unknown`}
            value={f.unknown}
            options={["reject", "ignore"] as const}
            onChange={(v) => edit((d) => void (d.flags[i]!.unknown = v))}
          />
          <div className={styles.fieldWide}>
            <Slot at={`flags.${i}.values`} />
            {f.values.map((v, j) => (
              <div key={j} className={styles.argRow}>
                <Text
                  label={`flags ${i + 1} value ${j + 1} name`}
                  at={`flags.${i}.values.${j}.name`}
                  value={v.name}
                  onChange={(x) => edit((d) => void (d.flags[i]!.values[j]!.name = x))}
                />
                <Text
                  label={`flags ${i + 1} value ${j + 1} value`}
                  at={`flags.${i}.values.${j}.value`}
                  value={v.value}
                  inputMode="numeric"
                  onChange={(x) => edit((d) => void (d.flags[i]!.values[j]!.value = x))}
                />
                <Slot at={`flags.${i}.values.${j}`} />
              </div>
            ))}
            <AddButton
              onClick={() =>
                edit((d) =>
                  d.flags[i]!.values.push({
                    name: `${prefixOf(d).replace(/OP_$/, "")}FLAG_${f.values.length}`,
                    value: String(1 << f.values.length),
                  }),
                )
              }
            >
              add flag value
            </AddButton>
          </div>
        </Row>
      ))}
      <AddButton
        onClick={() =>
          edit((d) => void d.flags.push({ in: "flags", values: [], unknown: "reject" }))
        }
      >
        add flags
      </AddButton>
    </fieldset>
  );
}
