import React, { useEffect, useState } from "react";

/** Presets of the release control; any `--releases` value can be typed as well. */
const PRESETS: readonly { value: string; label: string }[] = [
  { value: "", label: "its own release only" },
  { value: "4.12..4.22", label: "every line, 4.12–4.22 (11)" },
  { value: "all", label: "every point release (65)" },
  { value: "4.16.0..4.17.0", label: "4.16.0–4.17.0" },
];

/** The releases in the URL: `releases=` in the hash (with the scenario) or the query. */
export function initialReleases(): string {
  if (typeof window === "undefined") return "";
  const hash = new URLSearchParams(window.location.hash.slice(1)).get("releases");
  return hash ?? new URLSearchParams(window.location.search).get("releases") ?? "";
}

/** `hash` with the release choice in it, as the URL keeps it. */
export function withReleases(hash: string, releases: string): string {
  return releases === "" ? hash : `${hash}&releases=${encodeURIComponent(releases)}`;
}

/**
 * Rerun the scenario under several releases: a preset or a range as `xen-abi run
 * --releases` takes it (`4.15..4.17.2`, `4.16`, `all`). The choice is written to the URL.
 */
export default function ReleaseControl({
  value,
  onChange,
}: {
  value: string;
  onChange: (v: string) => void;
}): React.ReactElement {
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  const set = (v: string) => {
    const params = new URLSearchParams(window.location.hash.slice(1));
    if (v === "") params.delete("releases");
    else params.set("releases", v);
    const hash = params.toString();
    window.history.replaceState(null, "", hash === "" ? window.location.pathname : `#${hash}`);
    onChange(v);
  };
  const preset = PRESETS.some((p) => p.value === value);
  return (
    <span className="xa-filters" style={{ marginBottom: 0 }}>
      <label>
        Releases{" "}
        <select
          aria-label="releases"
          value={preset ? value : "custom"}
          onChange={(e) => set(e.target.value === "custom" ? typed : e.target.value)}
        >
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
          {!preset && <option value="custom">{value}</option>}
        </select>
      </label>
      <input
        aria-label="release range"
        placeholder="4.15..4.17.2"
        size={12}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") set(typed.trim());
        }}
        onBlur={() => {
          if (typed.trim() !== value) set(typed.trim());
        }}
      />
    </span>
  );
}
