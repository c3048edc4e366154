/**
 * The CodeMirror 6 editor behind CodeEditor, in its own chunk: loaded when the reader first
 * focuses an editor, so no page's first load carries it. YAML or TypeScript highlighting, line
 * numbers, undo, Tab indents; marked lines (a failing step, an error's line) carry
 * `data-marked-line`.
 */
import { EditorState, StateEffect, StateField, type Extension } from "@codemirror/state";
import { Decoration, EditorView, keymap, lineNumbers, type DecorationSet } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { HighlightStyle, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import { yaml } from "@codemirror/lang-yaml";
import { tags as t } from "@lezer/highlight";

export type EditorLanguage = "yaml" | "typescript";

export interface EditorHandle {
  value(): string;
  setValue(text: string): void;
  setMarked(lines: readonly number[]): void;
  focus(at?: number): void;
  destroy(): void;
}

const setMarked = StateEffect.define<readonly number[]>();

/** The 1-based lines to mark, as line decorations. */
const marked = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setMarked)) continue;
      const doc = tr.state.doc;
      next = Decoration.set(
        [...new Set(e.value)]
          .filter((n) => n >= 1 && n <= doc.lines)
          .sort((a, b) => a - b)
          .map((n) =>
            Decoration.line({
              class: "xa-cm-marked",
              attributes: { "data-marked-line": String(n) },
            }).range(doc.line(n).from),
          ),
      );
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** Token classes styled in custom.css for the light and dark themes. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword], class: "xa-tok-kw" },
  { tag: [t.string, t.special(t.string)], class: "xa-tok-str" },
  { tag: [t.number, t.bool, t.null], class: "xa-tok-num" },
  { tag: [t.comment, t.lineComment, t.blockComment], class: "xa-tok-comment" },
  { tag: [t.propertyName, t.definition(t.propertyName)], class: "xa-tok-prop" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], class: "xa-tok-fn" },
]);

const theme = EditorView.theme({
  "&": { fontSize: "0.85rem", maxHeight: "40rem" },
  "&.cm-focused": { outline: "2px solid var(--ifm-color-primary)" },
  ".cm-scroller": { fontFamily: "var(--ifm-font-family-monospace)", lineHeight: "1.45" },
  // Opaque, as the code background looks over the page: text scrolled sideways goes under it.
  ".cm-gutters": {
    background:
      "linear-gradient(var(--ifm-code-background), var(--ifm-code-background)), var(--ifm-background-color)",
    color: "var(--ifm-color-emphasis-700)",
    border: "none",
  },
  ".cm-content": { caretColor: "var(--ifm-font-color-base)" },
});

export function mountEditor(
  parent: HTMLElement,
  opts: {
    value: string;
    language: EditorLanguage;
    label: string;
    marked: readonly number[];
    onChange: (text: string) => void;
  },
): EditorHandle {
  const extensions: Extension[] = [
    lineNumbers(),
    history(),
    indentUnit.of("  "),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    syntaxHighlighting(highlight),
    opts.language === "yaml" ? yaml() : javascript({ typescript: true }),
    marked,
    theme,
    EditorView.contentAttributes.of({ "aria-label": opts.label, spellcheck: "false" }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) opts.onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({
    parent,
    state: EditorState.create({ doc: opts.value, extensions }),
  });
  view.dispatch({ effects: setMarked.of(opts.marked) });
  return {
    value: () => view.state.doc.toString(),
    setValue(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setMarked: (lines) => view.dispatch({ effects: setMarked.of(lines) }),
    focus(at) {
      view.focus();
      if (at !== undefined)
        view.dispatch({ selection: { anchor: Math.min(at, view.state.doc.length) } });
    },
    destroy: () => view.destroy(),
  };
}
