'use client';
import { cx } from '../shared/cx';
import { usePart, type AvatarProps } from '../shared/overrides';

/** "Sam Rivera" → "SR", "support team" → "ST"; letters, not code units, so emoji and accents survive. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? (Array.from(word)[0] ?? '') : '');
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toLocaleUpperCase();
}

function DefaultAvatar({ name, authorType, className }: AvatarProps) {
  return (
    // Decorative: the author's name is written next to it.
    <span className={cx('dt-avatar', className)} data-author={authorType} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

/** The initials avatar next to a message; overridable as `Avatar`. */
export function Avatar(props: AvatarProps) {
  const Part = usePart('Avatar', DefaultAvatar);
  return <Part {...props} />;
}
