import { useEffect, useId, useRef, useState } from 'react';
import type { DemoUser } from './api';

export function AccountMenu({ user, via, onSignOut }: { user: DemoUser; via: 'demo' | 'magic'; onSignOut: () => void }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const label = user.name ?? user.email;
  return (
    <div className="acme-account-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="acme-account-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span className="acme-avatar" aria-hidden="true">
          {label.charAt(0).toUpperCase()}
        </span>
        <span className="acme-account-name">{label}</span>
      </button>
      <div id={panelId} className="acme-account-panel" hidden={!open}>
        <p>
          <strong>{label}</strong>
          <br />
          <span className="acme-muted">{user.email}</span>
        </p>
        <p className="acme-small acme-muted">
          {via === 'magic' ? 'Signed in with a magic link (this tab only).' : 'Demo sign-in: a cookie, no password.'}
        </p>
        <button type="button" className="acme-button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}
