export { MessageBody, type MessageBodyErrorInfo, type MessageBodyProps } from './MessageBody';
export { detectFormat } from './detectFormat';
export { markdownToHtml } from './markdownToHtml';
export { htmlToReact } from './htmlToReact';
export {
  defaultMessageBodyMessages,
  type AttachmentRef,
  type HtmlToReactOptions,
  type MessageBodyMessages,
  type MessageFormat,
} from './types';
