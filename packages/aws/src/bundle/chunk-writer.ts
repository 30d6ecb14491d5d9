/** `serialize(value)` in chunks: the same text once joined. */
export interface ChunkedText {
  /** Each chunk after the first starts at a line break, so no line spans two chunks. */
  readonly chunks: ReadonlyArray<string>;
  /**
   * Characters of layout (line breaks, indentation, the space after a key: what JSON.stringify
   * leaves out when it does not indent) the writer wrote itself, around the members it saw: at
   * most all of them, which `layoutOf(value, 0)` counts. The minified JSON is at most the text's
   * bytes less these, which clears most texts of a size limit for nothing.
   */
  readonly layoutAtLeast: number;
}

const chunkChars = 32_768;

/**
 * Collects pieces and closes a chunk at a line break once it holds `chunkChars`. Lines of half
 * that or more start a chunk of their own: a chunk of one piece is that piece, not a copy.
 */
export class ChunkWriter {
  readonly #chunks: string[] = [];
  #pieces: string[] = [];
  #length = 0;
  #layout = 0;

  /** Appends text holding at least `layout` characters of layout. */
  append(text: string, layout: number): void {
    this.#pieces.push(text);
    this.#length += text.length;
    this.#layout += layout;
  }

  lineBreak(): void {
    this.lines("\n", 1);
  }

  /** Appends whole lines, each after its line break; a chunk may end before them. */
  lines(text: string, layout: number): void {
    if (this.#length >= chunkChars || (this.#length > 0 && text.length >= chunkChars / 2)) this.#close();
    this.append(text, layout);
  }

  finish(): ChunkedText {
    this.#close();
    return { chunks: this.#chunks, layoutAtLeast: this.#layout };
  }

  #close(): void {
    if (this.#pieces.length === 1) this.#chunks.push(this.#pieces[0] as string);
    else if (this.#pieces.length > 1) this.#chunks.push(this.#pieces.join(""));
    this.#pieces = [];
    this.#length = 0;
  }
}
