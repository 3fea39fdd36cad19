/*
 * What a reader sees of a rendered MessageBody, as text: line breaks at <br>
 * and block boundaries, the quote toggle's own label left out. Used by the
 * email fixture tests and by `scripts/message-scores.mjs`.
 */

const BLOCK = /^(?:p|div|li|ul|ol|blockquote|pre|h[1-6]|table|tr|hr)$/;

export function visibleText(root: Element): string {
  const out: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node as Text).data);
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.localName === 'button' && el.classList.contains('dt-message-body-quote-toggle')) return;
    if (el.localName === 'br') out.push('\n');
    const block = BLOCK.test(el.localName);
    if (block) out.push('\n');
    for (const child of el.childNodes) visit(child);
    if (block) out.push('\n');
  };
  visit(root);
  return normalize(out.join(''));
}

/** One space for every run of whitespace, so a fixture states words, not layout. */
export const normalize = (text: string) => text.replace(/[\s\u00a0]+/g, ' ').trim();
