'use client';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import type { RatingScale, TicketDetail } from '../../client';
import type { useCloseTicket } from '../../hooks/useCloseTicket';
import type { useRateTicket } from '../../hooks/useRateTicket';
import type { useReopenTicket } from '../../hooks/useReopenTicket';
import { enActions } from '../../i18n/actionMessages';
import type { ErrorNotice } from '../shared/ErrorNotice';
import type { Root, useRootSettings } from '../shared/Root';
import type { TranslatorFor } from '../shared/usePortalI18n';

/*
 * The thread's extension UI: "Mark as solved" / "Reopen" with their
 * confirmation, and the satisfaction prompt. Loaded on demand (its own chunk),
 * and only when the backend's capabilities offer one of them. It imports
 * nothing the entry has (only React, Radix Dialog, its own strings and types):
 * what it needs comes in props, or bundlers would split the shared modules
 * into extra chunks that every portal downloads.
 */

/** What the actions use from the eager code, handed in by the thread. */
export interface TicketActionsKit {
  useCloseTicket: typeof useCloseTicket;
  useReopenTicket: typeof useReopenTicket;
  useRateTicket: typeof useRateTicket;
  ErrorNotice: typeof ErrorNotice;
  Root: typeof Root;
  useRootSettings: typeof useRootSettings;
}

interface Injected {
  kit: TicketActionsKit;
  /** The provider's translator over English plus these strings. */
  translate: TranslatorFor;
}

const useActionsI18n = (translate: TranslatorFor) => useMemo(() => translate(enActions), [translate]);

export interface TicketStatusActionsProps extends Injected {
  ticket: TicketDetail;
  /** The ticket's status counts as finished (from the capabilities' statuses). */
  closed: boolean;
  canClose: boolean;
  canReopen: boolean;
  onAnnounce: (text: string) => void;
  /** Offered when a reopen is refused for good (the window passed). */
  onNewTicket?: () => void;
}

/** One button, "Mark as solved" or "Reopen" by the ticket's state, confirming in a dialog that names the consequence. */
export function TicketStatusActions({ ticket, closed, canClose, canReopen, onAnnounce, onNewTicket, kit, translate }: TicketStatusActionsProps) {
  const { t } = useActionsI18n(translate);
  const close = kit.useCloseTicket(ticket.id);
  const reopen = kit.useReopenTicket(ticket.id);
  const [open, setOpen] = useState(false);
  const settings = kit.useRootSettings();
  const { Root, ErrorNotice } = kit;
  const action = closed ? (canReopen ? 'reopen' : null) : canClose ? 'close' : null;
  const mutation = action === 'reopen' ? reopen : close;
  if (!action) return null;
  const isReopen = action === 'reopen';
  const refusedForGood = isReopen && mutation.error?.code === 'REOPEN_WINDOW_PASSED';

  const confirm = () => {
    mutation.mutate(undefined, {
      onSuccess: () => {
        setOpen(false);
        onAnnounce(t(isReopen ? 'actionReopened' : 'actionSolved'));
      },
    });
  };

  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next && mutation.isPending) return;
        if (next) mutation.reset();
        setOpen(next);
      }}
    >
      <Dialog.Trigger asChild>
        <button type="button" className="dt-button dt-ticket-actions-trigger" data-size="sm" data-action={action}>
          {t(isReopen ? 'actionReopen' : 'actionSolve')}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        {/* Portalled out of the kit's root: a root of its own with the same theme and direction. */}
        <div className="dt-dialog-portal">
          <Root className="dt-dialog-root" theme={settings?.theme ?? 'light'} dir={settings?.dir}>
        <Dialog.Overlay className="dt-dialog-overlay" />
        <Dialog.Content className="dt-dialog dt-ticket-actions-dialog" role="alertdialog" data-action={action}>
          <Dialog.Title className="dt-ticket-actions-title">{t(isReopen ? 'actionReopenTitle' : 'actionSolveTitle')}</Dialog.Title>
          <Dialog.Description className="dt-ticket-actions-consequence">
            {t(isReopen ? 'actionReopenConsequence' : 'actionSolveConsequence')}
          </Dialog.Description>
          {mutation.isError ? <ErrorNotice error={mutation.error} className="dt-ticket-actions-error" /> : null}
          <div className="dt-ticket-actions-buttons">
            <Dialog.Close asChild>
              <button type="button" className="dt-button" data-variant="ghost" disabled={mutation.isPending}>
                {t('cancel')}
              </button>
            </Dialog.Close>
            {refusedForGood ? (
              onNewTicket ? (
                <button
                  type="button"
                  className="dt-button"
                  data-variant="primary"
                  onClick={() => {
                    setOpen(false);
                    onNewTicket();
                  }}
                >
                  {t('newTicket')}
                </button>
              ) : null
            ) : (
              <button
                type="button"
                className="dt-button"
                data-variant="primary"
                aria-disabled={mutation.isPending || undefined}
                data-state={mutation.isPending ? 'loading' : undefined}
                onClick={() => !mutation.isPending && confirm()}
              >
                {mutation.isPending ? t('actionWorking') : t(isReopen ? 'actionReopen' : 'actionSolve')}
              </button>
            )}
          </div>
        </Dialog.Content>
          </Root>
        </div>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

const MAX: Record<RatingScale, number> = { thumbs: 1, scale5: 5, scale10: 10 };

export interface RatingPromptProps extends Injected {
  ticket: TicketDetail;
  scale: RatingScale;
  onAnnounce: (text: string) => void;
}

/**
 * The satisfaction prompt on a resolved or closed ticket: the backend's scale,
 * an optional comment, sent once; then a thank-you and the rating given. Shows
 * the rating (not the form) when one was given before, here or elsewhere.
 */
export function RatingPrompt({ ticket, scale, onAnnounce, kit, translate }: RatingPromptProps) {
  const i18n = useActionsI18n(translate);
  const { t } = i18n;
  const rate = kit.useRateTicket(ticket.id);
  const { ErrorNotice } = kit;
  const [value, setValue] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [thanked, setThanked] = useState(false);
  const id = useId();
  const firstRef = useRef<HTMLInputElement>(null);
  const given = ticket.rating ?? (rate.isPending && rate.variables ? { rating: rate.variables.rating, scale } : null);

  if (given) {
    const max = MAX[given.scale];
    const text =
      given.scale === 'thumbs'
        ? t(given.rating > 0 ? 'rateGivenUp' : 'rateGivenDown')
        : t('rateGivenScale', { value: i18n.number(given.rating), max: i18n.number(max) });
    return (
      <div className="dt-rating" data-state="given">
        {thanked || rate.isPending ? <p className="dt-rating-thanks">{t('rateThanks')}</p> : null}
        <p className="dt-rating-given">{text}</p>
      </div>
    );
  }
  if (!ticket.canRate && !rate.isError) return null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (rate.isPending) return;
    if (value === null) {
      setMissing(true);
      firstRef.current?.focus();
      return;
    }
    rate.mutate(
      { rating: value, comment },
      {
        onSuccess: () => {
          setThanked(true);
          onAnnounce(t('rateThanks'));
        },
      },
    );
  };

  const max = MAX[scale];
  const options = scale === 'thumbs' ? [1, -1] : Array.from({ length: max }, (_, i) => i + 1);
  const label = (n: number) =>
    scale === 'thumbs' ? t(n > 0 ? 'rateThumbsUp' : 'rateThumbsDown') : t('rateValue', { value: i18n.number(n), max: i18n.number(max) });

  return (
    <form className="dt-rating" data-state="asking" data-scale={scale} aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <p id={`${id}-title`} className="dt-rating-title">
        {t('rateTitle')}
      </p>
      <fieldset className="dt-rating-fieldset" aria-describedby={missing ? `${id}-missing` : undefined}>
        <legend className="dt-rating-legend">{t('rateLegend')}</legend>
        <div className="dt-rating-options" data-scale={scale}>
          {options.map((n, i) => (
            <label key={n} className="dt-rating-option" data-value={n}>
              <input
                ref={i === 0 ? firstRef : undefined}
                type="radio"
                name={`${id}-rating`}
                value={n}
                checked={value === n}
                onChange={() => {
                  setValue(n);
                  setMissing(false);
                }}
              />
              <span className="dt-rating-option-label" aria-hidden={scale === 'thumbs' ? undefined : true}>
                {scale === 'thumbs' ? (n > 0 ? '👍 ' : '👎 ') : n}
                {scale === 'thumbs' ? label(n) : null}
              </span>
              {scale === 'thumbs' ? null : <span className="dt-visually-hidden">{label(n)}</span>}
            </label>
          ))}
        </div>
        {missing ? (
          <p id={`${id}-missing`} className="dt-field-error" role="alert">
            {t('rateChoose')}
          </p>
        ) : null}
      </fieldset>
      <label className="dt-label" htmlFor={`${id}-comment`}>
        {t('rateComment')}
      </label>
      <textarea
        id={`${id}-comment`}
        className="dt-textarea dt-rating-comment"
        rows={2}
        maxLength={2000}
        dir="auto"
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      {rate.isError ? <ErrorNotice error={rate.error} /> : null}
      <button type="submit" className="dt-button" data-variant="primary" aria-disabled={rate.isPending || undefined}>
        {rate.isPending ? t('rateSending') : t('rateSubmit')}
      </button>
    </form>
  );
}
