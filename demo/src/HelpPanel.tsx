import { useEffect, useRef, type KeyboardEvent } from 'react';
import { SupportPortal, type SupportPortalProps } from '@dispatchtickets/react';

export interface HelpPanelProps extends Pick<SupportPortalProps, 'theme' | 'dir' | 'onSignIn'> {
  open: boolean;
  onClose: () => void;
}

/**
 * The side-panel variant: the same portal, stacked, in a 380 px drawer that
 * keeps its own navigation (uncontrolled) while the page stays usable.
 */
export function HelpPanel({ open, onClose, ...portalProps }: HelpPanelProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    // Escape inside the portal's own widgets (a menu, a dialog) is theirs.
    if (event.key === 'Escape' && !event.defaultPrevented) onClose();
  };

  return (
    // Non-modal, so it's a labelled region rather than a dialog; Escape still closes it.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <aside id="help-panel" className="acme-drawer" aria-labelledby="help-panel-title" hidden={!open} onKeyDown={onKeyDown}>
      <div className="acme-drawer-bar">
        <h2 id="help-panel-title" ref={heading} tabIndex={-1}>
          Help
        </h2>
        <button type="button" className="acme-icon-button" aria-label="Close help" onClick={onClose}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <SupportPortal {...portalProps} layout="stacked" title={null} headingLevel={2} className="acme-drawer-portal" />
    </aside>
  );
}
