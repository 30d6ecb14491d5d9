/** `serialize(value)` in chunks: the same text once joined. */
export interface ChunkedText {
  /** Each chunk after the first starts at a line break, so no line spans two chunks. */
  readonly chunks: ReadonlyArray<string>;
  /**
   * Characters of layout in the text: line breaks, indentation and the space after each key,
   * all that JSON.stringify(value) leaves out. The minified JSON's bytes are the text's less
   * these, so a size limit is checked without a second, minified text.
   */
  readonly layout: number;
}

const chunkChars = 32_768;

/** Collects pieces and closes a chunk at a line break once it holds `chunkChars`. */
export class ChunkWriter {
  readonly #chunks: string[] = [];
  #pieces: string[] = [];
  #length = 0;
  #layout = 0;

  /** Appends text holding `layout` characters of layout. */
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
    if (this.#length >= chunkChars) this.#close();
    this.append(text, layout);
  }

  finish(): ChunkedText {
    this.#close();
    return { chunks: this.#chunks, layout: this.#layout };
  }

  #close(): void {
    if (this.#pieces.length === 1) this.#chunks.push(this.#pieces[0] as string);
    else if (this.#pieces.length > 1) this.#chunks.push(this.#pieces.join(""));
    this.#pieces = [];
    this.#length = 0;
  }
}
