// "On Mon, 3 Jun 2024 at 10:02, Ann <ann@example.com> wrote:" and its usual translations.
const ATTRIBUTION = /^\s*(?:On|Am|Le|El|Il|Op|Em)\s.*(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\s*:\s*$/i;
const ORIGINAL = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i;

/**
 * Splits a text or markdown reply into what the sender wrote and the quoted
 * history: an "On … wrote:" line followed only by `>` lines (and blanks) up to
 * the end, or everything from an Outlook "-----Original Message-----" line.
 * Line-based on purpose: one pass, no regex backtracking over the whole body.
 */
export function splitQuotedReply(text: string): [main: string, quoted?: string] {
  const lines = text.split('\n');
  let i = lines.length - 1;
  let quoted = false;
  for (; i >= 0 && /^\s*(?:>|$)/.test(lines[i]!); i--) quoted ||= /\S/.test(lines[i]!);
  let cut = -1;
  if (quoted && i > 0) {
    if (ATTRIBUTION.test(lines[i]!)) cut = i;
    // Gmail wraps long attributions onto a second line.
    else if (ATTRIBUTION.test(`${lines[i - 1]} ${lines[i]}`)) cut = i - 1;
  }
  if (cut < 0) cut = lines.findIndex((line) => ORIGINAL.test(line));
  const main = lines.slice(0, cut).join('\n');
  // Nothing above the quote: show it rather than an empty message with a toggle.
  return cut > 0 && /\S/.test(main) ? [main, lines.slice(cut).join('\n')] : [text];
}
