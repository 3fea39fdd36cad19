/*
 * DOM walking shared by the message walker (htmlToReact) and the email
 * history detection (emailHistory, loaded on demand): kept apart so the
 * walker doesn't pull the detection in.
 */
const BLOCK = /^(?:address|article|blockquote|body|center|div|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|th|thead|tr|ul)$/;
// Elements whose content is never read as text.
const SILENT = /^(?:script|style|template|head|title|noscript|textarea|select|object|iframe|noembed|noframes)$/;
const HTML_NS = 'http://www.w3.org/1999/xhtml';

export const isElement = (node: Node | null): node is Element => node?.nodeType === 1;
export const isBlock = (node: Node) => isElement(node) && BLOCK.test(node.localName);
export const isBlank = (node: Node) => (node.nodeType === 3 && !(node as Text).data.trim()) || node.nodeType === 8;

/**
 * The node after `node` in document order inside `root`, into its children
 * when `descend`: an iterative walk, so a deep tree cannot overflow the stack.
 */
export function nextNode(node: Node, root: Node, descend: boolean): Node | null {
  if (descend && node.firstChild) return node.firstChild;
  let n: Node | null = node;
  while (n && n !== root && !n.nextSibling) n = n.parentNode;
  return n === root || !n ? null : n.nextSibling;
}

/**
 * Text from `start` on, in document order inside `root`, with a line break at
 * each `<br>` and block boundary, up to about `limit` characters. Iterative:
 * no recursion over a deep tree.
 */
export function textFrom(start: Node, root: Node, limit: number): string {
  let out = '';
  let node: Node | null = start;
  while (node && out.length < limit) {
    let descend = node === start;
    if (node.nodeType === 3) out += (node as Text).data.replace(/\s+/g, ' ');
    else if (isElement(node)) {
      descend = !SILENT.test(node.localName) && node.namespaceURI === HTML_NS;
      if (node.localName === 'br' || BLOCK.test(node.localName)) out += '\n';
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root && !node.nextSibling) {
      node = node.parentNode;
      if (node && isBlock(node)) out += '\n';
    }
    node = node === root || !node ? null : node.nextSibling;
  }
  return out;
}
