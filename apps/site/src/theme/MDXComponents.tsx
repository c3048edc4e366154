// Change: adds LiveExample, so docs pages can run abi-core without importing it.
import MDXComponents from "@theme-original/MDXComponents";
import LiveExample from "@site/src/components/LiveExample";

export default {
  ...MDXComponents,
  LiveExample,
};
