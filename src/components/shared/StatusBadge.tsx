'use client';
import { useStatusLabel } from './useStatusLabel';
import { cx } from './cx';
import { usePart, type StatusBadgeProps } from './overrides';

function DefaultStatusBadge({ status, label, className }: StatusBadgeProps) {
  return (
    <span className={cx('dt-badge', className)} data-status={status}>
      {label}
    </span>
  );
}

/** A ticket status as a localised badge (`label`: the backend's name for it); overridable as `StatusBadge`. */
export function StatusBadge({ status, label, className }: { status: string; label?: string; className?: string }) {
  const name = useStatusLabel();
  const Badge = usePart('StatusBadge', DefaultStatusBadge);
  return <Badge status={status} label={name(status, label)} className={className} />;
}
