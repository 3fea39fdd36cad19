/*
 * What MessageBody loads on demand (emailPartsLoader.ts): the pre-pass that
 * keeps Chromium's CSP reports away from untrusted HTML, and the detection of
 * quoted email history in HTML. One chunk, fetched with the first message.
 */
export { defuseHtml } from './defuseHtml';
export { extractHistory, isQuote } from './emailHistory';

export interface EmailParts {
  defuseHtml(html: string): string;
  extractHistory(body: Element): DocumentFragment | null;
  isQuote(el: Element): boolean;
}
