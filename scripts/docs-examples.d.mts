export const root: string;
export const DOCS: string[];
export function examplesIn(markdown: string): { path: string; block: string; file: string }[];
export function withExamples(markdown: string): string;
