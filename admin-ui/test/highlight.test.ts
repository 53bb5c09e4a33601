import { describe, expect, it } from 'vitest';
import { defaultHighlightStyle } from '@codemirror/language';
import { accessibleHighlightStyle, contrastRatio, DARKER } from '../src/lib/highlight';

// The backgrounds a token of the rule editor can sit on: white, the active line's tint
// (CodeMirror's #cceeff44 over white) and the page's light background.
const BACKGROUNDS = ['#ffffff', '#f3fbff', '#f5f7fa'];

describe('the rule editor colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('the default style has colours under 4.5:1 on these backgrounds (why the style exists)', () => {
    const low = defaultHighlightStyle.specs
      .map((s) => s.color)
      .filter((c): c is string => typeof c === 'string')
      .filter((c) => BACKGROUNDS.some((bg) => contrastRatio(c, bg) < 4.5));
    expect(new Set(low)).toEqual(new Set(Object.keys(DARKER)));
  });

  it('every colour of the editor style reaches 4.5:1 on every background', () => {
    const colours = accessibleHighlightStyle.specs
      .map((s) => s.color)
      .filter((c): c is string => typeof c === 'string');
    expect(colours.length).toBe(defaultHighlightStyle.specs.filter((s) => s.color).length);
    for (const c of colours) {
      for (const bg of BACKGROUNDS) {
        expect(contrastRatio(c, bg), `${c} on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('keeps every other colour and every tag of the default style', () => {
    const d = defaultHighlightStyle.specs;
    const a = accessibleHighlightStyle.specs;
    expect(a.length).toBe(d.length);
    d.forEach((spec, i) => {
      expect(a[i]?.tag).toBe(spec.tag);
      expect(a[i]?.color).toBe(
        typeof spec.color === 'string' ? (DARKER[spec.color] ?? spec.color) : spec.color,
      );
    });
  });
});
