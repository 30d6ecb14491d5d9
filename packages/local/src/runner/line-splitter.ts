import { StringDecoder } from "node:string_decoder";

/** Docker's log drivers pass an overlong line on in pieces of 16 KiB; so does `batchflow run`. */
export const maxLineLength = 16 * 1024;

export interface LineSplitterOptions {
  /**
   * An unfinished line longer than this is passed on in pieces of at most this length (default
   * 16 KiB): memory stays flat and time linear on output without newlines.
   */
  readonly maxLineLength?: number;
  /** Texts a piece is never cut inside: the secrets the line handler masks. */
  readonly unsplittable?: ReadonlyArray<string>;
}

/**
 * Turns a byte stream into lines: UTF-8 safe across chunks, `\n` and `\r\n` endings, and `\r` (a
 * progress bar redrawing its line) keeps only the text after the last one. `end()` flushes a last line
 * that has no newline.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder("utf8");
  readonly #max: number;
  readonly #unsplittable: ReadonlyArray<string>;
  /** The line being written: never longer than #max, and without a newline. */
  #partial = "";

  constructor(
    private readonly onLine: (line: string) => void,
    options: LineSplitterOptions = {},
  ) {
    this.#max = options.maxLineLength ?? maxLineLength;
    // A text as long as a piece could never be kept whole; masking still sees it in shorter lines.
    this.#unsplittable = (options.unsplittable ?? []).filter((t) => t.length > 1 && t.length < this.#max);
  }

  write(chunk: Buffer): void {
    const text = this.#decoder.write(chunk);
    let start = 0;
    // Only the new text is searched: the unfinished line before it has no newline.
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      this.#append(text.slice(start, end));
      this.onLine(clean(this.#partial));
      this.#partial = "";
      start = end + 1;
    }
    this.#append(text.slice(start));
  }

  end(): void {
    const rest = this.#partial + this.#decoder.end();
    this.#partial = "";
    if (rest !== "") this.onLine(clean(rest));
  }

  #append(text: string): void {
    this.#partial += text;
    while (this.#partial.length > this.#max) {
      const cut = this.#cutAt();
      this.onLine(clean(this.#partial.slice(0, cut)));
      this.#partial = this.#partial.slice(cut);
    }
  }

  /** Where the next piece of an overlong line ends: at #max, or before a text that must stay whole. */
  #cutAt(): number {
    let cut = this.#max;
    for (let moved = true; moved && cut > 0; ) {
      moved = false;
      for (const text of this.#unsplittable) {
        const at = this.#straddling(text, cut);
        if (at !== -1 && at < cut) {
          cut = at;
          moved = true;
        }
      }
    }
    // Occurrences overlapping all the way back to the start: nothing better than the limit.
    if (cut === 0) cut = this.#max;
    // Never between the two halves of a UTF-16 surrogate pair.
    const last = this.#partial.charCodeAt(cut - 1);
    return last >= 0xd800 && last <= 0xdbff ? cut - 1 : cut;
  }

  /** Start of an occurrence of `text` (whole, or still arriving) that begins before `cut` and ends after it; -1 if none. */
  #straddling(text: string, cut: number): number {
    const first = text.charCodeAt(0);
    for (let at = cut - 1; at > cut - text.length && at >= 0; at--) {
      if (
        this.#partial.charCodeAt(at) === first &&
        text.startsWith(this.#partial.slice(at, at + text.length))
      ) {
        return at;
      }
    }
    return -1;
  }
}

function clean(line: string): string {
  const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
  const lastReturn = trimmed.lastIndexOf("\r");
  return lastReturn === -1 ? trimmed : trimmed.slice(lastReturn + 1);
}
