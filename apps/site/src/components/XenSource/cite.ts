/**
 * Citations of Xen's source in the site's text (`xen/common/argo.c: sendv`,
 * `xen/arch/x86/pv/dom0_build.c dom0_construct_pv`, `xen/include/public/xen.h`), found so each
 * can link to the file at the release's tag. Pure: unit-tested without a browser.
 */

export interface Citation {
  /** The citation as written, path and function. */
  readonly text: string;
  /** The file's path in xen.git: `xen/common/argo.c`. */
  readonly path: string;
  /**
   * The release the citation names (`xen/arch/arm/domain_build.c create_domUs in 4.17`), as a
   * tag's x.y.z: the file there, not at the page's release. Absent when it names none.
   */
  readonly release?: string;
}

/**
 * A path under xen/ ending in .c, .h or .S, then optionally `: function` or ` function` (a
 * bare word after a space only when it has an underscore, so `argo.c and` stays prose), then
 * optionally ` in 4.17` or ` in 4.17.2`, the release it is cited at.
 */
const CITATION =
  /\bxen\/[\w./-]*\w\.(?:c|h|S)\b(?!\.\w)(?:: [A-Za-z_]\w*(?:\(\))?| [A-Za-z]\w*_\w*(?:\(\))?)?(?: in (4\.\d+(?:\.\d+)?)\b(?!\.\d))?/g;

/** `text` split into plain strings and citations, in order. */
export function splitCitations(text: string): (string | Citation)[] {
  const out: (string | Citation)[] = [];
  let at = 0;
  for (const m of text.matchAll(CITATION)) {
    const start = m.index ?? 0;
    if (start > at) out.push(text.slice(at, start));
    const path = /^[^\s:]+/.exec(m[0])![0];
    const r = m[1];
    // A line names its first release: "4.17" is RELEASE-4.17.0.
    out.push(
      r === undefined
        ? { text: m[0], path }
        : { text: m[0], path, release: /\.\d+\./.test(r) ? r : `${r}.0` },
    );
    at = start + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** `4.20.0` -> xenbits' gitweb view of `path` at tag RELEASE-4.20.0. */
export function xenSourceUrl(path: string, release: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(release)) throw new Error(`not a Xen release: "${release}"`);
  return `https://xenbits.xen.org/gitweb/?p=xen.git;a=blob;f=${path};hb=RELEASE-${release}`;
}
