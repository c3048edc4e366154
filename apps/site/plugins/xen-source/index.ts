/**
 * Local plugin: after the build, every link to Xen's source on every page (the generated
 * pages' and the docs' and API pages', see remark.ts) must name a file that exists at the
 * linked tag, as recorded in xen-paths.json (issue 14 item 9). The build fails otherwise, with
 * the links and how to record them once checked against Xen's source.
 */
import type { LoadContext, Plugin } from "@docusaurus/types";
import { KNOWN_PATHS_FILE, readKnownPaths, unknownLinks, xenLinksOfBuild } from "./links.mjs";

export default function xenSourceLinks(context: LoadContext): Plugin {
  return {
    name: "xen-source-links",
    postBuild({ outDir }) {
      const links = xenLinksOfBuild(outDir);
      const unknown = unknownLinks(links, readKnownPaths(context.siteDir));
      if (unknown.length > 0)
        throw new Error(
          `${unknown.length} link(s) to Xen's source name a file not recorded at its tag in ` +
            `apps/site/${KNOWN_PATHS_FILE}:\n` +
            unknown.map((l) => `  ${l.tag}:${l.path} (${l.page})`).join("\n") +
            "\nCheck the citation; then, with Xen's git tree at hand, `npm run xen-paths -w " +
            "@xen-abi/site` (XEN_GIT=<xen.git>) confirms each path and records it.",
        );
      console.log(`[xen-source-links] ${links.length} links to Xen's source, each file at its tag`);
    },
  };
}
