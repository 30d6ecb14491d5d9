import { StringDecoder } from "node:string_decoder";

/**
 * Turns a byte stream into lines: UTF-8 safe across chunks, `\n` and `\r\n` endings, and `\r` (a
 * progress bar redrawing its line) keeps only the text after the last one. `end()` flushes a last line
 * that has no newline.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder("utf8");
  #partial = "";

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer): void {
    const text = this.#partial + this.#decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      this.onLine(clean(text.slice(start, end)));
      start = end + 1;
    }
    this.#partial = text.slice(start);
  }

  end(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = "";
    if (rest !== "") this.onLine(clean(rest));
  }
}

function clean(line: string): string {
  const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
  const lastReturn = trimmed.lastIndexOf("\r");
  return lastReturn === -1 ? trimmed : trimmed.slice(lastReturn + 1);
}
