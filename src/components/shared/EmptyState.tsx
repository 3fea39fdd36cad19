'use client';
import { cx } from './cx';
import { usePart, type EmptyStateProps } from './overrides';

function DefaultEmptyState({ variant, title, hint, action, className }: EmptyStateProps) {
  return (
    <div className={cx('dt-empty', className)} data-variant={variant}>
      <p className="dt-empty-title">{title}</p>
      {hint ? <p className="dt-empty-hint">{hint}</p> : null}
      {action}
    </div>
  );
}

/** An empty state (no tickets, none for a filter, no replies); overridable as `EmptyState`. */
export function EmptyState(props: EmptyStateProps) {
  const Part = usePart('EmptyState', DefaultEmptyState);
  return <Part {...props} />;
}
