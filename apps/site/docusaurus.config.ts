import type { Config, PluginModule } from "@docusaurus/types";
import type * as Preset from "@docusaurus/preset-classic";
import { themes as prismThemes } from "prism-react-renderer";
import xenAbiPages from "./plugins/xen-abi-pages/index";

const config: Config = {
  title: "xen-abi",
  tagline: "A runnable reference for Xen's hypercall ABI",
  url: "http://127.0.0.1:3000",
  baseUrl: "/",
  trailingSlash: false,
  onBrokenLinks: "throw",
  onBrokenAnchors: "throw",
  onDuplicateRoutes: "throw",
  favicon: "img/favicon.svg",
  future: { v4: true },
  markdown: {
    format: "detect",
    mermaid: true,
    hooks: { onBrokenMarkdownLinks: "throw" },
  },
  themes: [
    "@docusaurus/theme-mermaid",
    [
      "@easyops-cn/docusaurus-search-local",
      {
        hashed: true,
        indexDocs: true,
        indexPages: true,
        indexBlog: false,
        docsRouteBasePath: ["docs", "api"],
        docsDir: ["../../docs", "docs/api"],
        highlightSearchTermsOnTargetPage: false,
      },
    ],
  ],
  presets: [
    [
      "classic",
      {
        docs: {
          path: "../../docs",
          routeBasePath: "docs",
          sidebarPath: "./sidebars.ts",
          exclude: ["**/README.md"],
        },
        blog: false,
        theme: { customCss: "./src/css/custom.css" },
      } satisfies Preset.Options,
    ],
  ],
  plugins: [
    xenAbiPages as PluginModule,
    [
      "docusaurus-plugin-typedoc",
      {
        id: "typedoc",
        entryPoints: [
          "../../packages/abi-core/src/index.ts",
          "../../packages/guidelines/src/index.ts",
        ],
        tsconfig: "./tsconfig.typedoc.json",
        out: "docs/api",
        skipErrorChecking: true,
        sanitizeComments: true,
        disableSources: true,
        excludePrivate: true,
        readme: "none",
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
      },
    ],
  ],
  themeConfig: {
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
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ["yaml", "c", "armasm", "nasm", "bash"],
    },
    mermaid: { theme: { light: "neutral", dark: "dark" } },
  } satisfies Preset.ThemeConfig,
};

export default config;
