'use client';
import { useMemo } from 'react';
import { MessageBody, type MessageBodyProps } from '../MessageBody';
import { MessageFiles } from './MessageFiles';

export interface MessageFileRef {
  id: string;
  name: string;
}

// One line of the list a reply's files are sent as: `- [name](attachment:<id>)`.
const FILE_LINE = /^\s*[-*+]\s+\[((?:\\.|[^\\\]])*)\]\(attachment:([\w-]{1,128})\)\s*$/;

/**
 * Splits the trailing list of attached files off a body (the list the
 * composer appends to a reply, and staff tools write too), so the files show
 * as cards with the message instead of as a bulleted list of links.
 * @example splitMessageFiles('See this\n\n- [a.png](attachment:att_1)') // { text: 'See this', files: [{ id: 'att_1', name: 'a.png' }] }
 */
export function splitMessageFiles(body: string): { text: string; files: MessageFileRef[] } {
  const lines = body.split('\n');
  let end = lines.length;
  while (end > 0 && !lines[end - 1]!.trim()) end--;
  const files: MessageFileRef[] = [];
  let start = end;
  for (let match; start > 0 && (match = FILE_LINE.exec(lines[start - 1]!)); start--) {
    files.unshift({ id: match[2]!, name: match[1]!.replace(/\\(.)/g, '$1') });
  }
  // Only a list set apart by a blank line (as the composer writes it) is the files', not part of the text's own list.
  if (!files.length || (start > 0 && lines[start - 1]!.trim())) {
    return { text: body, files: [] };
  }
  return { text: lines.slice(0, start).join('\n').trimEnd(), files };
}

/** A message body with its trailing file list shown as {@link MessageFiles}. */
export function MessageContent({ ticketId, body, ...settings }: MessageBodyProps & { ticketId: string }) {
  const { text, files } = useMemo(() => splitMessageFiles(body), [body]);
  return (
    <>
      {text || !files.length ? <MessageBody body={text} {...settings} /> : null}
      {files.length ? <MessageFiles ticketId={ticketId} files={files} /> : null}
    </>
  );
}
