// The on-demand chunk: a reply's send path and the upload queue runner.
export { sendReply } from './reply';
export { runUploads } from './uploads';
