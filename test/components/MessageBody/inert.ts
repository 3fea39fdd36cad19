/*
 * What "inert" means for a rendered MessageBody, checked on the real DOM (jsdom
 * or Chromium): only the renderer's allowlist of elements and attributes, no
 * event handlers or style, and every URL on the scheme allowlist.
 */

const FORBIDDEN =
  'script,iframe,frame,frameset,object,embed,applet,param,form,select,textarea,option,style,link,meta,base,svg,math,template,noscript,audio,video,source,track,canvas,dialog,portal,title,head,body,html';

// Elements and attributes the renderer may emit (its own wrapper, toggle and notes included).
const ALLOWED: Record<string, readonly string[]> = {
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'referrerpolicy', 'loading'],
  td: ['colspan', 'rowspan', 'align'],
  th: ['colspan', 'rowspan', 'align'],
  ol: ['start'],
  code: ['data-language', 'class'],
  div: ['class', 'data-format', 'data-state', 'data-plain', 'data-fallback', 'id', 'tabindex', 'dir'],
  span: ['class'],
  li: ['class'],
  // A GFM task: a disabled checkbox inside its label, nothing else.
  label: ['class'],
  input: ['type', 'disabled', 'checked', 'readonly'],
  button: ['type', 'class', 'aria-expanded', 'aria-controls'],
};
for (const tag of 'p br hr strong b em i u s del sub sup small pre kbd blockquote ul h4 h5 h6 table thead tbody tfoot tr'.split(' ')) {
  ALLOWED[tag] = [];
}
const OUR_CLASSES =
  /^(?:dt-message-body(?:-quote|-quote-toggle|-quote-content|-image-blocked|-attachment|-scroll|-plain|-block|-task|-task-item)?(?: [\w-]+)?|language-[\w#+.-]{1,32})$/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=]*$/;

export interface InertOptions {
  /** Whether http(s) images are expected (allowRemoteImages). */
  remoteImages?: boolean;
}

/** Every way the rendered subtree falls short of inert; empty when it is safe. */
export function violations(root: Element, { remoteImages = false }: InertOptions = {}): string[] {
  const found: string[] = [];
  for (const el of root.querySelectorAll(FORBIDDEN)) found.push(`forbidden element <${el.localName}>`);
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const tag = el.localName;
    if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') found.push(`foreign element <${el.tagName}>`);
    const allowed = ALLOWED[tag];
    if (!allowed) found.push(`unexpected element <${tag}>`);
    if (tag === 'button' && (el.getAttribute('class') !== 'dt-message-body-quote-toggle' || el.getAttribute('type') !== 'button')) {
      found.push('a <button> that is not the quoted-text toggle');
    }
    if (tag === 'input' && (el.getAttribute('type') !== 'checkbox' || !el.hasAttribute('disabled') || el.parentElement?.className !== 'dt-message-body-task')) {
      found.push('an <input> that is not a disabled task checkbox');
    }
    if (tag === 'code' && el.hasAttribute('class') && el.getAttribute('class') !== `language-${el.getAttribute('data-language')}`) {
      found.push('a <code> class that is not its language');
    }
    for (const { name, value } of el.attributes) {
      if (/^on/i.test(name)) found.push(`event handler ${name} on <${tag}>`);
      if (/^(?:style|srcdoc|formaction|xlink:href|srcset|action|background|ping|name|xmlns)/i.test(name)) {
        found.push(`dangerous attribute ${name} on <${tag}>`);
      }
      if (allowed && !allowed.includes(name)) found.push(`attribute ${name} not allowed on <${tag}>`);
      if (name === 'class' && !OUR_CLASSES.test(value)) found.push(`foreign class "${value}"`);
      if (name === 'id' && el.getAttribute('class') !== 'dt-message-body-quote-content') found.push(`foreign id "${value}"`);
      if (name === 'tabindex' && (value !== '0' || (tag === 'div' && el.getAttribute('class') !== 'dt-message-body-scroll'))) {
        found.push(`tabindex="${value}" on <${tag}> that is not a scroll container`);
      }
    }
    if (tag === 'a') {
      const href = el.getAttribute('href');
      if (href !== null) {
        let protocol = '';
        try {
          protocol = new URL(href).protocol;
        } catch {
          found.push(`unparsable href ${JSON.stringify(href)}`);
        }
        if (protocol && !/^(?:https?|mailto|tel):$/.test(protocol)) found.push(`href scheme ${protocol} (${href})`);
        if (/^https?:$/.test(protocol)) {
          const rel = (el.getAttribute('rel') ?? '').split(/\s+/);
          if (el.getAttribute('target') !== '_blank' || !rel.includes('noopener') || !rel.includes('noreferrer')) {
            found.push(`external link without target=_blank rel="noopener noreferrer" (${href})`);
          }
        }
      }
    }
    if (tag === 'img') {
      const src = el.getAttribute('src') ?? '';
      const remote = /^https?:\/\//i.test(src) && /^https?:$/.test(new URL(src).protocol);
      if (!DATA_IMAGE.test(src) && !(remoteImages && remote)) found.push(`img src not allowed: ${src.slice(0, 80)}`);
      for (const dim of ['width', 'height']) {
        const v = el.getAttribute(dim);
        if (v !== null && !/^\d+$/.test(v)) found.push(`non-numeric ${dim}="${v}"`);
      }
    }
  }
  return found;
}

/** Opens every collapsed quote so the payloads inside are rendered and checked too. */
export function collapsedToggles(root: ParentNode): HTMLButtonElement[] {
  return [...root.querySelectorAll<HTMLButtonElement>('button.dt-message-body-quote-toggle[aria-expanded="false"]')];
}
