/** Joins class names, skipping empty ones. */
export const cx = (...names: Array<string | false | null | undefined>) => names.filter(Boolean).join(' ');

/** Per-part class names a component accepts: `classNames={{ row: 'my-row' }}`. */
export type ClassNames<Part extends string> = Partial<Record<Part, string>>;
