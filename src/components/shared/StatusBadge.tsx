'use client';
import { statusLabel } from '../../i18n';
import { usePortalI18n } from './usePortalI18n';
import { cx } from './cx';
import { usePart, type StatusBadgeProps } from './overrides';

function DefaultStatusBadge({ status, label, className }: StatusBadgeProps) {
  return (
    <span className={cx('dt-badge', className)} data-status={status}>
      {label}
    </span>
  );
}

/** A ticket status as a localised badge (custom statuses title-cased); overridable as `StatusBadge`. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const i18n = usePortalI18n();
  const Badge = usePart('StatusBadge', DefaultStatusBadge);
  return <Badge status={status} label={statusLabel(i18n, status)} className={className} />;
}
