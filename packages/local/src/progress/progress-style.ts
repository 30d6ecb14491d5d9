/** Colours for progress output; the CLI passes picocolors' (or none when colour is off). */
export interface ProgressStyle {
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const same = (text: string): string => text;

export const noStyle: ProgressStyle = {
  green: same,
  red: same,
  yellow: same,
  cyan: same,
  dim: same,
  bold: same,
};
