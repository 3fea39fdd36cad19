// Helpers for upload stories: real File objects dropped or pasted the way a
// browser delivers them (a DataTransfer through drag events), so play
// functions exercise react-dropzone and the uploader end to end.

import { within } from 'storybook/test';

/** The uploader's drop zone and one of its file rows, by name. */
export const zoneOf = (canvasElement: HTMLElement) => within(canvasElement).getByRole('group', { name: 'Attachments' });
export const rowOf = (canvasElement: HTMLElement, name: string) =>
  within(within(canvasElement).getByRole('list', { name: 'Files' }))
    .getAllByRole('listitem')
    .find((li) => li.textContent?.includes(name))!;

export const makeFile = (name: string, size: number, type = 'application/octet-stream') =>
  new File([new Uint8Array(size).fill(7)], name, { type });

/** A small real image, for previews. */
export const makeImage = (name = 'screenshot.png') =>
  new File(
    [
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40"><rect width="64" height="40" fill="#3b4fd8"/><rect x="8" y="8" width="30" height="6" fill="#fff"/></svg>',
    ],
    name.replace(/\.\w+$/, '.svg'),
    { type: 'image/svg+xml' },
  );

export function dropFiles(target: Element, files: File[]) {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
  }
}

export function pasteFiles(target: Element, files: File[]) {
  const clipboardData = new DataTransfer();
  for (const file of files) clipboardData.items.add(file);
  target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData }));
}

/** Drafts live in sessionStorage, which every story in the tab shares: start each story clean. */
export function clearDrafts() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('dt:draft:')) sessionStorage.removeItem(key);
}
