import type { UploadItem, UploadRejection } from '../../hooks/useAttachmentUpload';
import type { ClassNames } from '../shared/cx';
import type { PortalTheme, RootAttributes } from '../shared/Root';

export type AttachmentUploaderPart =
  | 'root'
  | 'zone'
  | 'label'
  | 'prompt'
  | 'button'
  | 'hint'
  | 'rejections'
  | 'list'
  | 'item'
  | 'preview'
  | 'name'
  | 'meta'
  | 'progress'
  | 'actions';

/** The uploader's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to its root element. */
export interface AttachmentUploaderProps extends Omit<RootAttributes, 'defaultValue'> {
  /**
   * Upload onto this existing ticket. Without it files go to the pending flow,
   * and the uploaded items' `attachment.id`s are what `createTicket` needs.
   * @example <AttachmentUploader ticketId={ticket.id} />
   */
  ticketId?: string;
  /**
   * The upload list, controlled. Pass with `onValueChange` to own it (e.g. to
   * persist uploaded files in your own draft).
   * @example <AttachmentUploader value={files} onValueChange={setFiles} />
   */
  value?: UploadItem[];
  /**
   * Initial list when uncontrolled, e.g. files already uploaded (`file: null`).
   * @example <AttachmentUploader defaultValue={restored} />
   */
  defaultValue?: UploadItem[];
  /**
   * Called with the new list on every change, progress included.
   * @example <AttachmentUploader onValueChange={(items) => setIds(items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : [])))} />
   */
  onValueChange?: (items: UploadItem[]) => void;
  /**
   * Most files in the list; extra files are refused one by one, the rest still go through.
   * @default 5
   * @example <AttachmentUploader maxFiles={10} />
   */
  maxFiles?: number;
  /**
   * Largest file in bytes, capped at the API's 50 MB.
   * @default 10 MB
   * @example <AttachmentUploader maxSize={25 * 1024 * 1024} />
   */
  maxSize?: number;
  /**
   * Accepted types: MIME types, `type/*` wildcards or `.ext` suffixes. Default: any type.
   * @example <AttachmentUploader accept={['image/*', 'application/pdf', '.log']} />
   */
  accept?: string[];
  /**
   * Uploads running at once.
   * @default 3
   * @example <AttachmentUploader concurrency={1} />
   */
  concurrency?: number;
  /**
   * Refuses new files and disables every control (e.g. while the host form submits).
   * @example <AttachmentUploader disabled={isSubmitting} />
   */
  disabled?: boolean;
  /**
   * `dropzone`: a labelled drop area with a "Choose files" button. `compact`: an
   * "Attach files" button and the file rows, for a reply composer; its container
   * still takes drops and pastes.
   * @default 'dropzone'
   * @example <AttachmentUploader variant="compact" ticketId={ticketId} />
   */
  variant?: 'dropzone' | 'compact';
  /**
   * Called with the files refused by a drop, pick or paste (they are also shown and announced).
   * @example <AttachmentUploader onFilesReject={(r) => track('rejected', r.length)} />
   */
  onFilesReject?: (rejections: UploadRejection[]) => void;
  /**
   * Extra class on the root element (`dt-uploader`).
   * @example <AttachmentUploader className="my-uploader" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <AttachmentUploader classNames={{ zone: 'my-zone', item: 'my-row' }} />
   */
  classNames?: ClassNames<AttachmentUploaderPart>;
  /**
   * Colour theme when used on its own (inside another kit component it follows that one).
   * @example <AttachmentUploader theme="dark" />
   */
  theme?: PortalTheme;
}
