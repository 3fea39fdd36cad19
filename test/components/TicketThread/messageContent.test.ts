import { describe, expect, it } from 'vitest';
import { replyBody } from '../../../src/hooks/replies';
import { splitMessageFiles } from '../../../src/components/TicketThread/messageContent';
import { isActiveFile, isPreviewableImage } from '../../../src/shared/fileTypes';

describe('splitMessageFiles', () => {
  it('takes back the file list the composer appends to a reply', () => {
    const files = [
      { id: 'att_1', name: 'screen [1].png' },
      { id: 'att_2', name: 'notes.txt' },
    ];
    expect(splitMessageFiles(replyBody('See the screenshot.\n\n- a list of my own', files))).toEqual({
      text: 'See the screenshot.\n\n- a list of my own',
      files,
    });
    expect(splitMessageFiles(replyBody('', files))).toEqual({ text: '', files });
  });

  it('leaves a body alone when the links are part of its own text', () => {
    for (const body of [
      'Here is the invoice: [invoice.pdf](attachment:att_9)',
      'Steps:\n- open [a.png](attachment:att_1)',
      '- [a.png](https://example.com/a.png)',
      'plain text',
    ]) {
      expect(splitMessageFiles(body)).toEqual({ text: body, files: [] });
    }
  });
});

describe('file types', () => {
  it('previews raster images only', () => {
    expect(isPreviewableImage('image/png', 'a.png')).toBe(true);
    expect(isPreviewableImage('image/jpeg; charset=binary', 'a.jpg')).toBe(true);
    expect(isPreviewableImage('image/svg+xml', 'logo.svg')).toBe(false);
    expect(isPreviewableImage('image/png', 'logo.svg')).toBe(false);
    expect(isPreviewableImage('application/pdf', 'a.pdf')).toBe(false);
  });

  it('treats SVG, HTML, XML and scripts as active, by type or by name', () => {
    for (const [type, name] of [
      ['image/svg+xml', 'x'],
      ['text/html', 'x'],
      ['application/xhtml+xml', 'x'],
      ['text/xml', 'x'],
      ['application/javascript', 'x'],
      ['application/octet-stream', 'page.HTML'],
      ['', 'drawing.svg'],
    ] as const) {
      expect(isActiveFile(type, name), `${type} ${name}`).toBe(true);
    }
    expect(isActiveFile('image/png', 'a.png')).toBe(false);
    expect(isActiveFile('application/pdf', 'a.pdf')).toBe(false);
  });
});
