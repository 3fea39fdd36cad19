/*
 * How mail clients introduce quoted history, in the languages they ship:
 * attribution lines ("On … wrote:"), Outlook's header blocks ("From: / Sent: /
 * To: / Subject:") and "-----Original Message-----" separators. Shared by the
 * text splitter and the HTML history finder. Every test is anchored and runs
 * on one bounded line, so none can backtrack over a whole body.
 */

/** Longer lines are prose, never an attribution or a header. */
const MAX_LINE = 400;

// Outlook's "From:" label: en, de, fr/es/pt, it, nl, pl/cs, sv, da/no, fi, ru, uk, tr, hu, el, zh, zh-TW, ja, ko, he, ar.
const FROM =
  '(?:From|Von|De|Da|Van|Od|Från|Fra|Lähettäjä|От|Від|Kimden|Feladó|Από|Αποστολέας|发件人|寄件人|寄件者|差出人|보낸 사람|מאת|من)';
// The other header labels Outlook writes under it.
const FIELD = `(?:Sent|Date|To|Cc|Bcc|Subject|Reply-To|Gesendet|Datum|An|Betreff|Envoyé(?: le)?|Date d'envoi|À|A|Objet|Enviado(?: el)?|Enviada em|Fecha|Para|Asunto|Assunto|Inviato|Data|Oggetto|Verzonden|Aan|Onderwerp|Wysłano|Wysłane|Do|DW|Temat|Skickat|Till|Kopia|Ämne|Sendt|Dato|Til|Kopi|Emne|Lähetetty|Päivämäärä|Vastaanottaja|Kopio|Aihe|Отправлено|Дата|Кому|Копия|Тема|Надіслано|Gönderildi|Tarih|Kime|Bilgi|Konu|Odesláno|Komu|Kopie|Předmět|Elküldve|Dátum|Címzett|Tárgy|Στάλθηκε|Ημερομηνία|Προς|Κοιν|Θέμα|发送时间|日期|收件人|抄送|主题|寄件日期|收件者|副本|主旨|送信日時|日付|宛先|件名|보낸 날짜|받는 사람|참조|제목|נשלח|אל|נושא|تاريخ الإرسال|التاريخ|إلى|الموضوع)`;
const LABEL_END = '[ \\t\\u00a0]*\\**[ \\t\\u00a0]*[:：]';
const FROM_LINE = new RegExp(`^[ \\t\\u00a0]*\\**${FROM}${LABEL_END}`, 'i');
const FIELD_LINE = new RegExp(`^[ \\t\\u00a0]*\\**${FIELD}${LABEL_END}`, 'i');

/** "-----Original Message-----" and its translations. */
const ORIGINAL = new RegExp(
  `^[ \\t\\u00a0]*-{2,}[ \\t\\u00a0]*(?:Original Message|Original-Nachricht|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Origineel bericht|Mensagem original|Ursprungligt meddelande|Originalmeddelande|Oprindelig meddelelse|Original meddelelse|Opprinnelig melding|Alkuperäinen viesti|Исходное сообщение|Wiadomość oryginalna|Oryginalna wiadomość|Původní zpráva|Orijinal İleti|Eredeti üzenet|Αρχικό μήνυμα|原始邮件|原始郵件|元のメッセージ|원본 메시지|הודעה מקורית|الرسالة الأصلية)[ \\t\\u00a0]*-{2,}[ \\t\\u00a0]*$`,
  'i',
);

/** A forwarded message is what the sender wants read: never collapsed. */
export const FORWARD =
  /^[ \t\u00a0>]*(?:-{2,}[ \t\u00a0]*(?:Forwarded message|Forwarded Message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht|Mensagem encaminhada|Wiadomość przekazana|Vidarebefordrat meddelande|Videresendt meddelelse|Пересылаемое сообщение|Přeposlaná zpráva|转发的邮件|轉寄的郵件|転送されたメッセージ|전달된 메시지)|(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inicio del mensaje reenviado|Inizio messaggio inoltrato|Begin doorgestuurd bericht|Início da mensagem reencaminhada)[ \t\u00a0]*:)/i;

// How attribution lines start ("On", "Am", "Le", "El", "Il", "Op", "Em", "Den", "W dniu", "Dne", "Στις", "في", "בתאריך").
const OPENER = /^[ \t\u00a0>]*(?:(?:On|Am|Le|El|Il|Op|Em|Den|På|W dniu|Dne|Dňa|Στις|في)[ \t\u00a0]|בתאריך)/i;
// The verb: wrote, schrieb, a écrit, escribió, ha scritto, schreef, escreveu, napisał(a), skrev, kirjoitti,
// написал(а), пише, yazdı, napsal(a), írta, έγραψε, 写道/寫道, のメール, 작성, כתב, كتب.
const VERB =
  /(?:wrote|writes|schrieb|geschrieben|a écrit|escribió|ha scritto|scrisse|schreef|escreveu|napisał|napisała|pisze|skrev|kirjoitti|написал|написала|пишет|написав|yazdı|napsal|napsala|írta|έγραψε|写道|寫道|のメール|작성|כתב|كتب)/i;
const EMAIL = /[^\s<>()[\]@,;:"]+@[^\s<>()[\]@,;:"]+\.[a-z]{2,}/i;
const ENDS_WITH_COLON = /[:：][ \t\u00a0]*$/;

/**
 * "On Mon, 3 Jun 2024 at 10:02, Ann <ann@example.com> wrote:" in any of the
 * languages above (Gmail's Russian and Japanese ones have no verb, only the
 * address): ends with a colon, holds a date or time, and either names an
 * address or starts and continues like an attribution.
 */
export function isAttribution(line: string): boolean {
  if (line.length > MAX_LINE || !ENDS_WITH_COLON.test(line) || !/\d/.test(line)) return false;
  return EMAIL.test(line) || (OPENER.test(line) && VERB.test(line));
}

/** Cheap pre-check on the start of a line: could an attribution start here? */
export const mayStartAttribution = (head: string) => OPENER.test(head) || /\d|@/.test(head.slice(0, 120));

export const isOriginalMessage = (line: string) => line.length <= MAX_LINE && ORIGINAL.test(line);
export const isFromLine = (line: string) => line.length <= MAX_LINE && FROM_LINE.test(line);

/**
 * Whether `lines[at]` starts an Outlook header block: a "From:" line followed,
 * within the next few lines, by at least two more header fields. One "From:"
 * in prose ("From: our billing page") is not enough.
 */
export function isHeaderBlock(lines: readonly string[], at: number): boolean {
  if (!isFromLine(lines[at] ?? '')) return false;
  let fields = 0;
  for (let i = at + 1; i < lines.length && i <= at + 8; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    if (line.length > MAX_LINE || !FIELD_LINE.test(line)) break;
    if (++fields >= 2) return true;
  }
  return false;
}

/** A separator Outlook draws above a header block (a line of underscores or dashes). */
export const isRule = (line: string) => /^[ \t\u00a0]*(?:_{8,}|-{8,})[ \t\u00a0]*$/.test(line);
