import { describe, expect, it } from "vitest";
import type { PrismTheme } from "prism-react-renderer";
import { darkCodeTheme, lightCodeTheme } from "./themes";

const rgb = (c: string): number[] =>
  c.startsWith("#")
    ? [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))
    : c.match(/\d+/g)!.slice(0, 3).map(Number);
const lum = (c: string): number => {
  const [r, g, b] = rgb(c).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};
const contrast = (a: string, b: string): number => {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

/** Every token colour of `t` below 4.5:1 on its background. */
function belowAA(t: PrismTheme): string[] {
  const bg = t.plain.backgroundColor!;
  return [t.plain, ...t.styles.map((s) => s.style)]
    .map((s) => s.color)
    .filter((c): c is string => c !== undefined && contrast(c, bg) < 4.5);
}

describe("code block themes", () => {
  it("every token colour meets WCAG AA on its background, light and dark", () => {
    expect(belowAA(lightCodeTheme)).toEqual([]);
    expect(belowAA(darkCodeTheme)).toEqual([]);
  });
});
