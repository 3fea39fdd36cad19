'use client';
import { useId, useState, type ReactNode } from 'react';
import type { MessageBodyMessages } from './types';

/** Collapses the quoted part of an email reply behind a disclosure button. */
export function QuotedText({ children, messages }: { children?: ReactNode; messages: MessageBodyMessages }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="dt-message-body-quote" data-state={open ? 'open' : 'closed'}>
      <button
        type="button"
        className="dt-message-body-quote-toggle"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
      >
        {open ? messages.hideQuotedText : messages.showQuotedText}
      </button>
      {/* Not mounted while closed: long threads carry a lot of quoted history. */}
      {open && (
        <div id={id} className="dt-message-body-quote-content">
          {children}
        </div>
      )}
    </div>
  );
}
