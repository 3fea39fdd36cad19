import type { ReactNode, Ref } from 'react';
import type { HelpArticle, Ticket } from '../../client';
import type { ClassNames } from '../shared/cx';
import type { PortalComponents } from '../shared/overrides';
import type { PortalTheme, RootAttributes } from '../shared/Root';

export type NewTicketFormPart =
  | 'root'
  | 'title'
  | 'description'
  | 'form'
  | 'field'
  | 'label'
  | 'input'
  | 'textarea'
  | 'counter'
  | 'error'
  | 'notice'
  | 'uploader'
  | 'actions'
  | 'submit'
  | 'cancel';

export interface NewTicketFormValues {
  subject: string;
  description: string;
}

/** What `renderExtraFields` gets to wire host fields into the form. */
export interface NewTicketFormExtraFieldsContext {
  /**
   * Text sent at the end of the description, after a blank line (e.g.
   * `"Plan: Pro\nAccount: 1234"`). Pass `''` to send nothing extra.
   */
  setExtraText(text: string): void;
  /** The text set so far. */
  extraText: string;
  /** True while the ticket is being created: disable your fields. */
  disabled: boolean;
}

/** What `handleRef` gives: move focus into the form (e.g. when a dialog opens). */
export interface NewTicketFormHandle {
  /** Focuses a field (the subject by default). */
  focus(field?: 'subject' | 'description'): void;
}

/** The form's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to its root element. */
export interface NewTicketFormProps extends RootAttributes {
  /**
   * Called with the created ticket; the draft is cleared first.
   * @example <NewTicketForm onTicketCreate={(ticket) => navigate(`/support/${ticket.id}`)} />
   */
  onTicketCreate?: (ticket: Ticket) => void;
  /**
   * Shows a Cancel button that calls this. The draft is kept.
   * @example <NewTicketForm onCancel={() => setView('list')} />
   */
  onCancel?: () => void;
  /**
   * Starting text when there is no saved draft.
   * @example <NewTicketForm defaultValues={{ subject: 'Billing question' }} />
   */
  defaultValues?: Partial<NewTicketFormValues>;
  /**
   * Most attachments.
   * @default 5
   * @example <NewTicketForm maxFiles={10} />
   */
  maxFiles?: number;
  /**
   * Largest attachment in bytes (at most the API's 50 MB).
   * @default 10 MB
   * @example <NewTicketForm maxSize={25 * 1024 * 1024} />
   */
  maxSize?: number;
  /**
   * Accepted attachment types (MIME types, `type/*`, `.ext`). Default: any.
   * @example <NewTicketForm accept={['image/*', 'application/pdf', '.log']} />
   */
  accept?: string[];
  /**
   * Longest subject. The API's limit is 200; only lower it.
   * @default 200
   * @example <NewTicketForm subjectMaxLength={120} />
   */
  subjectMaxLength?: number;
  /**
   * Names the saved draft (per signed-in customer): the subject, description
   * and already-uploaded files survive a reload or a failed send, and one
   * idempotency key per draft makes a repeated send create one ticket. Give
   * each independent form its own id.
   * @default 'new-ticket'
   * @example <NewTicketForm draftId="billing-question" />
   */
  draftId?: string;
  /**
   * Your own fields, rendered after the description. Custom fields are not on
   * the portal API yet, so their values either travel in the description (call
   * `ctx.setExtraText`, sent after a blank line) or go to your own backend
   * (e.g. in `onTicketCreate`, with the new ticket's id). Their values are
   * your state: they are not part of the saved draft.
   * @example
   * <NewTicketForm
   *   renderExtraFields={({ setExtraText, disabled }) => (
   *     <label>Plan <select disabled={disabled} onChange={(e) => setExtraText(`Plan: ${e.target.value}`)}>…</select></label>
   *   )}
   * />
   */
  renderExtraFields?: (ctx: NewTicketFormExtraFieldsContext) => ReactNode;
  /**
   * Shows the "New ticket" heading and intro. Turn it off when the host (or
   * `NewTicketDialog`) supplies its own.
   * @default true
   * @example <NewTicketForm showTitle={false} />
   */
  showTitle?: boolean;
  /**
   * The customer said a suggested help article answered their question: the
   * draft is already cleared and nothing was filed. Suggestions show only when
   * the backend's capabilities offer articles.
   * @example <NewTicketForm onArticleAnswered={(a) => track('deflected', a.id)} />
   */
  onArticleAnswered?: (article: HelpArticle) => void;
  /**
   * Extra class on the root element (`dt-new-ticket`).
   * @example <NewTicketForm className="my-form" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <NewTicketForm classNames={{ submit: 'my-primary', field: 'my-field' }} />
   */
  classNames?: ClassNames<NewTicketFormPart>;
  /**
   * Colour theme when used on its own.
   * @example <NewTicketForm theme="auto" />
   */
  theme?: PortalTheme;
  /**
   * Replacement parts for nested kit components.
   * @example <NewTicketForm components={{ EmptyState: MyEmptyState }} />
   */
  components?: Partial<PortalComponents>;
  /**
   * Moves focus into the form from outside, without looking up its elements.
   * @example
   * const form = useRef<NewTicketFormHandle>(null);
   * <NewTicketForm handleRef={form} />; form.current?.focus('description');
   */
  handleRef?: Ref<NewTicketFormHandle>;
}
