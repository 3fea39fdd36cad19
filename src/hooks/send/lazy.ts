// The on-demand chunk: a reply's send path.
export { cancel, edit, remove, retry, send } from './reply';
