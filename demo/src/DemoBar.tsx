import { useId, useState } from 'react';
import type { DemoBackend } from './api';
import { LOCALES, type Locale, type Prefs } from './prefs';
import { Link } from './router';

export interface DemoBarProps {
  prefs: Prefs;
  onPrefsChange: (change: Partial<Prefs>) => void;
  /** Which API the kit talks to. */
  backend: DemoBackend;
  onBackendChange: (backend: DemoBackend) => void;
  /** Present on pages with a staff console. */
  staffOpen?: boolean;
  onStaffToggle?: () => void;
}

/** Demo controls, kept apart from the host app: what a viewer can switch. */
export function DemoBar({ prefs, onPrefsChange, backend, onBackendChange, staffOpen, onStaffToggle }: DemoBarProps) {
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  // On a phone the controls fold behind one button, so the page below gets the room.
  const [open, setOpen] = useState(false);
  return (
    <section className="acme-demobar" aria-labelledby={id} data-open={open || undefined}>
      <h2 id={id} className="acme-tag">
        Demo controls
      </h2>
      <button
        type="button"
        className="acme-button acme-demobar-toggle"
        data-size="sm"
        aria-expanded={open}
        aria-controls={field('fields')}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide' : 'Show'}
      </button>
      <div id={field('fields')} className="acme-demobar-fields">
        <div className="acme-demobar-field">
          <label htmlFor={field('backend')}>Backend</label>
          <select id={field('backend')} value={backend} onChange={(e) => onBackendChange(e.target.value as DemoBackend)}>
            <option value="direct">Dispatch (direct)</option>
            <option value="gateway">Dispatch via gateway</option>
            <option value="switchlabs">Switch Labs CRM (via gateway)</option>
            <option value="answerpal">AnswerPal (via gateway)</option>
          </select>
        </div>
        <div className="acme-demobar-field">
          <label htmlFor={field('theme')}>Theme</label>
          <select id={field('theme')} value={prefs.theme} onChange={(e) => onPrefsChange({ theme: e.target.value as Prefs['theme'] })}>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
            <option value="auto">Auto (system)</option>
          </select>
        </div>
        <div className="acme-demobar-field">
          <label htmlFor={field('locale')}>Language</label>
          <select id={field('locale')} value={prefs.locale} onChange={(e) => onPrefsChange({ locale: e.target.value as Locale })}>
            {Object.entries(LOCALES).map(([code, { label }]) => (
              <option key={code} value={code} lang={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="acme-demobar-field">
          <label htmlFor={field('dir')}>Direction</label>
          <select id={field('dir')} value={prefs.dir} onChange={(e) => onPrefsChange({ dir: e.target.value as Prefs['dir'] })}>
            <option value="auto">Auto (from language)</option>
            <option value="ltr">Left to right</option>
            <option value="rtl">Right to left</option>
          </select>
        </div>
        {onStaffToggle ? (
          <button type="button" className="acme-button" data-size="sm" aria-pressed={staffOpen} onClick={onStaffToggle}>
            Staff console
          </button>
        ) : null}
        <Link href="/inbox" className="acme-demobar-link">
          Demo inbox
        </Link>
      </div>
    </section>
  );
}
