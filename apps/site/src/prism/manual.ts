/**
 * Loaded before Prism's core: tells it not to highlight the page's code elements by itself
 * (React renders them) and not to listen for worker messages. Prism reads this global once.
 */
(globalThis as { Prism?: unknown }).Prism = { manual: true, disableWorkerMessageHandler: true };
