/**
 * Inline styles that pass a strict Content-Security-Policy. `style="…"` bindings and Lit's
 * `styleMap` (on its first render) call setAttribute('style'), which `style-src 'self'` blocks;
 * setting properties through CSSOM is allowed. Use as an element binding:
 * `<span ${cssProps({ width: '40%', '--indent': '14px' })}>`.
 */
import { noChange } from 'lit';
import { Directive, directive, type ElementPart, type PartInfo, PartType } from 'lit/directive.js';

/** CSS property (dash-case, or a custom property) → value; null removes it. */
export type CssProps = Record<string, string | null | undefined>;

class CssPropsDirective extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProps() is an element binding');
  }

  render(_props: CssProps): unknown {
    return noChange;
  }

  override update(part: ElementPart, [props]: [CssProps]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (props[name] == null) style.removeProperty(name);
    this.previous = new Set();
    for (const [name, value] of Object.entries(props)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.previous.add(name);
    }
    return noChange;
  }
}

/** Set inline CSS properties through CSSOM (allowed by CSP), never through the style attribute. */
export const cssProps = directive(CssPropsDirective);
