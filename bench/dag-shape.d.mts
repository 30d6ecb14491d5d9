export declare function dagAfter(n: number): number[][];
