'use client';
import { forwardRef, useRef, type ReactElement, type ReactNode } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import type { Ticket } from '../../client';
import { useControllableState } from '../../shared/useControllableState';
import { usePortalI18n } from '../shared/usePortalI18n';
import { NewTicketForm } from '../NewTicketForm/NewTicketForm';
import type { NewTicketFormHandle, NewTicketFormPart, NewTicketFormProps } from '../NewTicketForm/types';
import { cx, type ClassNames } from '../shared/cx';
import { Root, useRootSettings } from '../shared/Root';

export type NewTicketDialogPart = 'trigger' | 'overlay' | 'content' | 'title' | 'description' | 'close';

/** The form's props (other attributes go to the form's root), plus the dialog's own. */
export interface NewTicketDialogProps extends Omit<NewTicketFormProps, 'showTitle' | 'onCancel' | 'classNames' | 'handleRef'> {
  /**
   * Open state, controlled. Pair with `onOpenChange`.
   * @example <NewTicketDialog open={open} onOpenChange={setOpen} trigger={null} />
   */
  open?: boolean;
  /**
   * Initial open state when uncontrolled.
   * @default false
   * @example <NewTicketDialog defaultOpen />
   */
  defaultOpen?: boolean;
  /**
   * Called when the dialog opens or closes (trigger, Escape, Cancel, close
   * button, outside click, or a created ticket).
   * @example <NewTicketDialog onOpenChange={(open) => track(open ? 'new-ticket-open' : 'new-ticket-close')} />
   */
  onOpenChange?: (open: boolean) => void;
  /**
   * Your own trigger element (rendered with `asChild`: it must accept a ref and
   * props); `null` for none when you control `open` yourself. Default: a
   * "New ticket" button.
   * @example <NewTicketDialog trigger={<button className="my-button">Contact support</button>} />
   */
  trigger?: ReactElement | null;
  /**
   * Called with the created ticket; the dialog closes first.
   * @example <NewTicketDialog onTicketCreate={(ticket) => navigate(`/support/${ticket.id}`)} />
   */
  onTicketCreate?: (ticket: Ticket) => void;
  /**
   * Extra class on the dialog content (`dt-dialog`).
   * @example <NewTicketDialog className="my-dialog" />
   */
  className?: string;
  /**
   * Class names per part of the dialog.
   * @example <NewTicketDialog classNames={{ content: 'my-dialog', overlay: 'my-overlay' }} />
   */
  classNames?: ClassNames<NewTicketDialogPart>;
  /**
   * Class names per part of the form inside.
   * @example <NewTicketDialog formClassNames={{ submit: 'my-primary' }} />
   */
  formClassNames?: ClassNames<NewTicketFormPart>;
}

/**
 * `NewTicketForm` in a modal dialog (Radix): a trigger, a title and
 * description, focus kept inside and returned to the trigger, Escape and
 * outside click close it.
 *
 * Closing never asks "discard changes?": nothing is discarded. The subject,
 * description and uploaded files are kept in the draft, and reopening the
 * dialog (even after a reload) restores them, with a "Discard draft" button.
 * Files still uploading when it closes are stopped; uploaded ones are kept.
 * The ref is the dialog's content element.
 *
 * @example
 * <NewTicketDialog onTicketCreate={(ticket) => openTicket(ticket.id)} accept={['image/*', 'application/pdf']} />
 */
export const NewTicketDialog = forwardRef<HTMLDivElement, NewTicketDialogProps>(function NewTicketDialog(
  {
    open: openProp,
    defaultOpen = false,
    onOpenChange,
    trigger,
    onTicketCreate,
    className,
    classNames = {},
    formClassNames,
    theme,
    ...formProps
  },
  ref,
) {
  const { t } = usePortalI18n();
  const [open, setOpen] = useControllableState(openProp, defaultOpen, onOpenChange);
  const form = useRef<NewTicketFormHandle>(null);

  return (
    // The anchor (display: contents) gives the trigger the kit's tokens when used on its own.
    <Root className="dt-dialog-anchor" theme={theme}>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        {trigger === null ? null : (
          <Dialog.Trigger asChild>
            {trigger ?? (
              <button type="button" className={cx('dt-button', classNames.trigger)} data-variant="primary">
                {t('dialogTrigger')}
              </button>
            )}
          </Dialog.Trigger>
        )}
        <DialogPortal>
          <Dialog.Overlay className={cx('dt-dialog-overlay', classNames.overlay)} />
          <Dialog.Content
            ref={ref}
            className={cx('dt-dialog', className, classNames.content)}
            // Start in the subject, not on "Discard draft" or the close button.
            onOpenAutoFocus={(event) => {
              if (!form.current) return;
              event.preventDefault();
              form.current.focus('subject');
            }}
          >
            <Dialog.Title className={cx('dt-new-ticket-title', classNames.title)}>{t('formTitle')}</Dialog.Title>
            <Dialog.Description className={cx('dt-new-ticket-description', classNames.description)}>
              {t('formDescription')}
            </Dialog.Description>
            <NewTicketForm
              {...formProps}
              handleRef={form}
              classNames={formClassNames}
              showTitle={false}
              onCancel={() => setOpen(false)}
              onTicketCreate={(ticket) => {
                setOpen(false);
                onTicketCreate?.(ticket);
              }}
            />
            <Dialog.Close asChild>
              <button
                type="button"
                className={cx('dt-button dt-dialog-close', classNames.close)}
                data-variant="ghost"
                data-size="sm"
                aria-label={t('dialogClose')}
              >
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                  <path d="M3 3l10 10M13 3L3 13" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
                </svg>
              </button>
            </Dialog.Close>
          </Dialog.Content>
        </DialogPortal>
      </Dialog.Root>
    </Root>
  );
});

/** Portalled out of the kit's root: a root of its own with the same theme and direction. */
function DialogPortal({ children }: { children: ReactNode }) {
  const settings = useRootSettings();
  return (
    <Dialog.Portal>
      {/* Radix hands its child a ref (to watch exit animations): give it a DOM element, which takes one on React 18 too. */}
      <div className="dt-dialog-portal">
        <Root className="dt-dialog-root" theme={settings?.theme ?? 'light'} dir={settings?.dir}>
          {children}
        </Root>
      </div>
    </Dialog.Portal>
  );
}
