import { createRequire } from "node:module";
import type { Config, PluginModule } from "@docusaurus/types";
import type * as Preset from "@docusaurus/preset-classic";
import { darkCodeTheme, lightCodeTheme } from "./src/prism/themes";
import xenAbiPages from "./plugins/xen-abi-pages/index";
import xenAbiSearch from "./plugins/xen-abi-search/index";
import prismSlim from "./plugins/prism-slim/index";
import xenSourceLinks from "./plugins/xen-source/index";
import xenSource from "./plugins/xen-source/remark";
import { entryPointsOf } from "./plugins/typedoc-entries.mjs";

/**
 * The newest release the machine models: the docs and API pages, about no one release, link
 * Xen's source at its tag (plugins/xen-source). By Node's require, as xen-abi-pages loads views.
 */
const NEWEST_RELEASE = (
  createRequire(__filename)("@xen-abi/abi-core") as { NEWEST_RELEASE: string }
).NEWEST_RELEASE;
const remarkPlugins = [[xenSource, { release: NEWEST_RELEASE }]];

const config: Config = {
  title: "xen-abi",
  tagline: "A runnable reference for Xen's hypercall ABI",
  // Canonical URLs and the sitemap use SITE_URL; a build without it names no host at all
  // (the reserved .invalid domain) rather than the loopback it was built on.
  url: process.env.SITE_URL ?? "https://xen-abi.invalid",
  baseUrl: "/",
  trailingSlash: false,
  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  onDuplicateRoutes: "throw",
  favicon: "img/favicon.svg",
  // The repository's examples as files: the playground fetches an example's text from
  // /scenarios/<file> when the reader picks it, so its first load does not carry them all.
  staticDirectories: ["static", "../../examples"],
  future: { v4: true },
  markdown: {
    format: "detect",
    hooks: { onBrokenMarkdownLinks: "throw" },
  },
  presets: [
    [
      "classic",
      {
        docs: {
          path: "../../docs",
          routeBasePath: "docs",
          sidebarPath: "./sidebars.ts",
          exclude: ["**/README.md"],
          remarkPlugins,
        },
        blog: false,
        theme: { customCss: "./src/css/custom.css" },
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    xenAbiPages as PluginModule,
    // The navbar's search (src/theme/SearchBar): names first, its index fetched on first use.
    xenAbiSearch as PluginModule,
    // Code blocks highlight with only the languages the site uses (src/prism).
    prismSlim as PluginModule,
    // Every link to Xen's source names a file that exists at its tag (xen-paths.json).
    xenSourceLinks as PluginModule,
    [
      "docusaurus-plugin-typedoc",
      {
        id: "typedoc",
        // One module per public entry: abi-core's root, each of its layers' subpaths and ./node
        // (its package.json exports), and guidelines' root.
        entryPoints: [
          ...entryPointsOf("../../packages/abi-core", __dirname),
          "../../packages/guidelines/src/index.ts",
        ],
        tsconfig: "./tsconfig.typedoc.json",
        out: "docs/api",
        skipErrorChecking: true,
        sanitizeComments: true,
        disableSources: true,
        excludePrivate: true,
        readme: "./api-landing.md",
        mergeReadme: true,
        // Classes and interfaces get a page each; functions, variables and types sit on their
        // module's page, or on pages per group beside it when that is long (typedoc-split.mjs;
        // a page per constant made ~460 routes of a few lines each).
        outputFileStrategy: "members",
        membersWithOwnFile: ["Class", "Interface", "Enum"],
        // A function's parameters and a type's members as a table, not a heading each (each
        // heading carries its anchor markup); typedoc-split.mjs moves the long module pages'
        // sections to pages of their own: every API page under the 1 MB budget (issue 14).
        parametersFormat: "table",
        typeDeclarationFormat: "table",
        plugin: [
          "./plugins/typedoc-titles.mjs",
          "./plugins/typedoc-modules.mjs",
          "./plugins/typedoc-split.mjs",
        ],
        // Modules are named by entry point, @xen-abi/abi-core, @xen-abi/abi-core/machine, ... and
        // @xen-abi/guidelines (typedoc-modules.mjs); their pages sit at /api/abi-core,
        // /api/abi-core/machine, ... and /api/guidelines.
        excludeScopesInPaths: true,
        sidebar: { autoConfiguration: true, pretty: true },
      },
    ],
    [
      "@docusaurus/plugin-content-docs",
      {
        id: "api",
        path: "docs/api",
        routeBasePath: "api",
        sidebarPath: "./sidebars.api.ts",
        remarkPlugins,
      },
    ],
  ],
  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
    navbar: {
      title: "xen-abi",
      items: [
        { type: "docSidebar", sidebarId: "guide", position: "left", label: "Docs" },
        { to: "/hypercalls", label: "Hypercalls", position: "left" },
        { to: "/abi", label: "ABI", position: "left" },
        { to: "/guidelines", label: "Guidelines", position: "left" },
        { to: "/playground", label: "Playground", position: "left" },
        { to: "/propose", label: "Propose", position: "left" },
        { to: "/api", label: "API", position: "left" },
      ],
    },
    footer: {
      style: "dark",
      copyright: "xen-abi: MIT. Facts from Xen's public source; no Xen code is copied.",
    },
    prism: {
      theme: lightCodeTheme,
      darkTheme: darkCodeTheme,
      // src/prism (plugins/prism-slim) registers c, js, ts, json and yaml; bash comes this way.
      // Each language is in every page's main bundle, so only what the pages use. (With none
      // here the theme's require context bundles prismjs/components/index.js, 24 kB.)
      additionalLanguages: ["bash"],
    },
  } satisfies Preset.ThemeConfig,
};

export default config;
