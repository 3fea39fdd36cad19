export interface SizeFigure {
  gzip: number;
  budget?: number;
}
export interface SizeDrift {
  key: string;
  readme: string;
  measured: string;
}
export const TABLE: { keys: string[]; label: string }[];
export function kb(bytes: number): string;
export function applySizes(readme: string, figures: Record<string, SizeFigure>): string;
export function sizeDrift(readme: string, figures: Record<string, SizeFigure>): SizeDrift[];
