// Change: the navbar's search, the names search of src/search. The index (about 240 kB) is
// fetched on the first focus or hover of the box, never with the page; results come from it
// without a worker (a query takes a few milliseconds).
import React, { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import Link from "@docusaurus/Link";
import { useHistory } from "@docusaurus/router";
import useBaseUrl from "@docusaurus/useBaseUrl";
import { SEARCH_INDEX_FILE, type SearchIndex } from "@site/src/search/build";
import { prepare, search, type SearchResult } from "@site/src/search/rank";
import styles from "./styles.module.css";

type Loaded = ReturnType<typeof prepare>;
type State = { status: "idle" | "loading" | "error" } | { status: "ready"; index: Loaded };

const KIND_LABEL: Record<SearchResult["kind"], string> = {
  hypercall: "hypercall",
  abi: "guest mode",
  docs: "docs",
  guideline: "guideline",
  page: "page",
  api: "API",
};

export default function SearchBar(): React.ReactElement {
  const indexUrl = useBaseUrl(`/${SEARCH_INDEX_FILE}`);
  const history = useHistory();
  const [state, setState] = useState<State>({ status: "idle" });
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const loading = useRef(false);
  const listId = useId();

  const load = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    setState({ status: "loading" });
    fetch(indexUrl)
      .then((r) => (r.ok ? (r.json() as Promise<SearchIndex>) : Promise.reject(r.status)))
      .then(
        (index) => setState({ status: "ready", index: prepare(index) }),
        () => {
          loading.current = false;
          setState({ status: "error" });
        },
      );
  }, [indexUrl]);

  const results = useMemo(
    () => (state.status === "ready" ? search(state.index, query) : []),
    [state, query],
  );
  useEffect(() => setActive(0), [query]);

  const go = (r: SearchResult | undefined) => {
    if (!r) return;
    setOpen(false);
    history.push(r.url);
  };
  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (results.length ? (a + step + results.length) % results.length : 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      go(results[active]);
    } else if (e.key === "Escape") setOpen(false);
  };

  const showList = open && query.trim() !== "";
  return (
    <div className={`navbar__search ${styles.search}`} data-search-state={state.status}>
      <input
        type="search"
        className={`navbar__search-input ${styles.input}`}
        placeholder="Search names, 0x27"
        aria-label="Search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && results[active] ? `${listId}-${active}` : undefined}
        value={query}
        onPointerEnter={load}
        onFocus={() => {
          load();
          setOpen(true);
        }}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div id={listId} role="listbox" className={styles.results} data-search-results="">
          {state.status !== "ready" && (
            <div className={styles.note}>
              {state.status === "error" ? "The search index did not load." : "Loading…"}
            </div>
          )}
          {state.status === "ready" && results.length === 0 && (
            <div className={styles.note}>No name matches “{query.trim()}”.</div>
          )}
          {results.map((r, i) => (
            <div
              key={r.url}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`${styles.option}${i === active ? ` ${styles.active}` : ""}`}
              // Keep the input's focus until the click lands on the link.
              onMouseDown={(e) => e.preventDefault()}
            >
              <Link
                to={r.url}
                className={styles.link}
                data-search-result={r.kind}
                onClick={() => setOpen(false)}
              >
                <span className={styles.text}>{r.text}</span>
                <small className={styles.where}>
                  {KIND_LABEL[r.kind]} · {r.pageTitle}
                </small>
              </Link>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
