/** A small type glyph for files that have no thumbnail; decorative (the name is next to it). */
export function FileIcon({ type, className }: { type: string; className?: string }) {
  const kind = type.startsWith('image/')
    ? 'image'
    : type === 'application/pdf'
      ? 'pdf'
      : /zip|compressed|tar|gzip/.test(type)
        ? 'archive'
        : /sheet|excel|csv/.test(type)
          ? 'sheet'
          : type.startsWith('text/') || /json|xml|log/.test(type)
            ? 'text'
            : 'file';
  return (
    <svg className={className} data-kind={kind} viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2z" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M14 2v6h6" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <text x="12" y="18" textAnchor="middle" fontSize="5.5" fontWeight="700" fill="currentColor">
        {kind === 'file' ? '' : kind === 'image' ? 'IMG' : kind.slice(0, 3).toUpperCase()}
      </text>
    </svg>
  );
}
