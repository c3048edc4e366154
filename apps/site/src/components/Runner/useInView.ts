import { useEffect, useRef, useState } from "react";

/**
 * Whether the element has been on screen: live examples and release matrices run (and the
 * run worker, abi-core, about 265 kB, loads) when the reader reaches them, not with the page,
 * so a page's first load stays under its weight budget. A deep link to one shows it, so it runs.
 */
export function useInView<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    if (typeof IntersectionObserver === "undefined") {
      setSeen(true);
      return;
    }
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setSeen(true);
        io.disconnect();
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, [seen]);
  return [ref, seen];
}
