import { useEffect, useRef, useState } from "react";

/**
 * What counts as the reader acting on the page: scrolling (a deep link's jump to its anchor
 * included), the wheel, a key, a pointer or a touch. Moving the mouse over the page does not.
 */
export const READER_ACTIONS = ["scroll", "wheel", "keydown", "pointerdown", "touchstart"] as const;

/**
 * Whether the element has been on screen since the reader first acted on the page: live
 * examples and release matrices run (and the run worker, abi-core, about 285 kB, loads) when
 * the reader reaches them, not with the page. One in the first screen waits for the reader's
 * first scroll, key or click (or its own Run button), so a page's first load, what it fetches
 * before the reader does anything, stays under its weight budget (issue 14 item 8). A deep link
 * to one scrolls to it, so it runs.
 */
export function useInView<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T | null>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    // Whether the reader has acted, and whether the element is on screen now: seen once both.
    let acted = false;
    let visible = false;
    const act = () => {
      acted = true;
      if (visible) setSeen(true);
    };
    const opts = { capture: true, passive: true } as const;
    for (const e of READER_ACTIONS) window.addEventListener(e, act, opts);
    const io =
      typeof IntersectionObserver === "undefined"
        ? undefined
        : new IntersectionObserver((entries) => {
            visible = entries.some((e) => e.isIntersecting);
            if (visible && acted) setSeen(true);
          });
    if (io) io.observe(el);
    else visible = true;
    return () => {
      io?.disconnect();
      for (const e of READER_ACTIONS) window.removeEventListener(e, act, opts);
    };
  }, [seen]);
  return [ref, seen];
}
