/** The value range of one AWS cron field and whether AWS accepts `/` increments in it. */
export interface AwsCronField {
  readonly min: number;
  readonly max: number;
  /** AWS documents `/` for minutes, hours, day-of-month, month and year, but not for day-of-week. */
  readonly increments: boolean;
}

/**
 * Writes a set of values as one AWS cron field: `*` when complete, `a/n` when it is an increment
 * that AWS can express, otherwise a list of values and `a-b` ranges.
 * @param values distinct values within the field's range, sorted ascending
 */
export function formatAwsCronField(values: ReadonlyArray<number>, field: AwsCronField): string {
  if (values.length === field.max - field.min + 1) return "*";
  const increment = field.increments ? incrementOf(values, field.max) : undefined;
  if (increment !== undefined) return `${values[0]}/${increment}`;
  return runsOf(values)
    .map(([first, last]) => (last - first >= 2 ? `${first}-${last}` : range(first, last).join(",")))
    .join(",");
}

/** AWS `a/n` means a, a+n, ... up to the field's maximum, so only such tails qualify. */
function incrementOf(values: ReadonlyArray<number>, max: number): number | undefined {
  const [first, second] = values;
  const last = values.at(-1);
  // Two values read better as a list than as an increment.
  if (values.length < 3 || first === undefined || second === undefined || last === undefined)
    return undefined;
  const step = second - first;
  if (step < 2 || last + step <= max) return undefined;
  return values.every((value, index) => value === first + index * step) ? step : undefined;
}

function runsOf(values: ReadonlyArray<number>): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const value of values) {
    const run = runs.at(-1);
    if (run !== undefined && run[1] === value - 1) run[1] = value;
    else runs.push([value, value]);
  }
  return runs;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
