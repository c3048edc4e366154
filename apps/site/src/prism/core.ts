import "./manual";
import PrismCore from "prismjs/components/prism-core";
import type { PrismLike } from "./types";

/** Prism's core, no languages; global while the language files, which name it, load. */
const Prism = PrismCore as unknown as PrismLike;
(globalThis as { Prism?: unknown }).Prism = Prism;
export default Prism;
