/** Secret values shorter than this are not masked: they would mask ordinary words. */
export const minimumMaskedLength = 4;

/** Replaces every secret value in a line of job output with `***`. */
export function secretMask(values: Iterable<string>): (line: string) => string {
  const secrets = [...new Set(values)]
    .filter((v) => v.length >= minimumMaskedLength)
    .sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return (line) => line;
  return (line) => {
    let masked = line;
    for (const secret of secrets) if (masked.includes(secret)) masked = masked.replaceAll(secret, "***");
    return masked;
  };
}
