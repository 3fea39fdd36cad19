// Files for jsdom component tests. jsdom's own Blob can't be read by MSW's
// XMLHttpRequest interceptor (the PUT never completes), so tests use Node's
// File: a real Blob, as a browser's File is.
import { File as NodeFile } from 'node:buffer';
import { fireEvent } from '@testing-library/react';

export const testFile = (name: string, size = 16, type = 'text/plain'): File =>
  new NodeFile([new Uint8Array(size).fill(97)], name, { type }) as unknown as File;

/** Drops files on an element the way a browser's drag and drop does. */
export function dropFiles(target: Element, files: File[]) {
  const dataTransfer = { files, types: ['Files'], items: files.map((f) => ({ kind: 'file', type: f.type, getAsFile: () => f })) };
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
}

/** Pastes files (a screenshot) into an element. */
export function pasteFiles(target: Element, files: File[], types: string[] = ['Files']) {
  return fireEvent.paste(target, { clipboardData: { files, types } });
}

/** The kit's hidden file input inside `root`. */
export const fileInput = (root: ParentNode) => root.querySelector<HTMLInputElement>('input[type="file"]')!;
