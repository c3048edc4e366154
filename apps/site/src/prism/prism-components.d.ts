// Prism's CommonJS component files: the core exports Prism, each language file registers on it.
declare module "prismjs/components/prism-core" {
  const Prism: unknown;
  export default Prism;
}
declare module "prismjs/components/prism-*";
