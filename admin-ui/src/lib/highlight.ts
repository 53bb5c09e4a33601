import { HighlightStyle, defaultHighlightStyle } from '@codemirror/language';

/**
 * The rule editor's colours: CodeMirror's default highlight style with the colours that miss the
 * WCAG AA contrast of 4.5:1 on the editor's backgrounds replaced by darker ones of the same hue.
 * The default's type names (#085) reach 4.5:1 on pure white only, so on the active line's tint or
 * a page background that is not pure white they fall under it (the browser test's axe-core audit
 * found DRL type names on the rules page at 4.3:1); its regexp/escape (#e40) and invalid (#f00)
 * colours are under it everywhere. Every other colour is kept.
 */
export const DARKER: Readonly<Record<string, string>> = {
  '#085': '#05603a',
  '#e40': '#b33000',
  '#f00': '#c00000',
};

export const accessibleHighlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) =>
    typeof spec.color === 'string' && DARKER[spec.color] !== undefined
      ? { ...spec, color: DARKER[spec.color] }
      : spec,
  ),
);

/** WCAG 2.1 contrast ratio of two colours written #rgb or #rrggbb. */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const channel = (i: number): number => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}
