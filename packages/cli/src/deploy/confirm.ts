import { createInterface } from "node:readline/promises";

/**
 * Asks on the terminal; undefined when nobody can answer (stdin or stderr is not a terminal,
 * as in CI), in which case deploy needs --yes.
 */
export async function confirm(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
