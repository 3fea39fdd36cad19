// The on-demand chunk: a reply's send path.
export { sendReply } from './reply';
