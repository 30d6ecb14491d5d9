import type { ListPrices } from "./list-prices.js";

/** Dollars at best and at worst. */
export interface Range {
  readonly best: number;
  readonly worst: number;
}

/** To the millionth of a dollar: what the prices carry, without binary noise in the JSON. */
export function dollars(amount: number): number {
  return Math.round(amount * 1e6) / 1e6;
}

export function scale(range: Range, factor: number): Range {
  return { best: dollars(range.best * factor), worst: dollars(range.worst * factor) };
}

export function add(a: Range, b: Range): Range {
  return { best: dollars(a.best + b.best), worst: dollars(a.worst + b.worst) };
}

/** Fargate time that costs `onDemand` dollars: at the Spot price at best when it runs on Spot, at the on-demand price at worst. */
export function fargateRange(onDemand: number, spot: boolean, prices: ListPrices): Range {
  return { best: dollars(onDemand * (spot ? prices.fargate.spotShare : 1)), worst: dollars(onDemand) };
}
