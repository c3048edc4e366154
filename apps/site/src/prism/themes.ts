/**
 * The code blocks' colour themes: prism-react-renderer's GitHub (light) and Dracula (dark) with
 * the token colours that fall below WCAG AA (4.5:1) on their own background darkened or
 * lightened to pass (issue 14 item 9): GitHub's comments were 2.7:1, numbers and properties
 * 2.6:1, keywords 2.7:1, strings and functions 4.3:1; Dracula's comments 3.0:1.
 */
import { themes, type PrismTheme } from "prism-react-renderer";

/** Theme colour -> its AA replacement, same hue. */
const LIGHT: Record<string, string> = {
  "#999988": "#696955",
  "#36acaa": "#00777a",
  "#00a4db": "#0072a3",
  "#e3116c": "#b0105a",
  "#d73a49": "#b31d28",
};
const DARK: Record<string, string> = { "rgb(98, 114, 164)": "#8292c4" };

function recolour(theme: PrismTheme, map: Record<string, string>): PrismTheme {
  return {
    ...theme,
    styles: theme.styles.map((s) => {
      const c = s.style.color;
      return c !== undefined && map[c] ? { ...s, style: { ...s.style, color: map[c] } } : s;
    }),
  };
}

export const lightCodeTheme = recolour(themes.github, LIGHT);
export const darkCodeTheme = recolour(themes.dracula, DARK);
