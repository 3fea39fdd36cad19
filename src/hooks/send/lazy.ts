// The on-demand chunk: a reply's send path and the upload queue runner.
export { cancel, edit, remove, retry, send } from './reply';
export { runUploads } from './uploads';
