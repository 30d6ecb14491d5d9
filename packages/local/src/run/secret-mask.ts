/** Secret values shorter than this are not masked: they would mask ordinary words. */
export const minimumMaskedLength = 4;

/** Replaces every secret value in a line of job output with `***`. */
export interface SecretMask {
  (line: string): string;
  /**
   * What the mask replaces, longest first: every secret value, and each line of a multi-line one
   * (a PEM key from `.env` reaches the log line by line). An overlong line is never cut inside one
   * of these (see LineSplitter), so a cut cannot let part of a secret through.
   */
  readonly texts: ReadonlyArray<string>;
}

export function secretMask(values: Iterable<string>): SecretMask {
  const texts = [...new Set([...values].flatMap((v) => [v, ...v.split(/\r?\n|\r/)]))]
    .filter((v) => v.length >= minimumMaskedLength)
    .sort((a, b) => b.length - a.length);
  const mask = (line: string): string => {
    let masked = line;
    for (const text of texts) if (masked.includes(text)) masked = masked.replaceAll(text, "***");
    return masked;
  };
  return Object.assign(mask, { texts });
}
