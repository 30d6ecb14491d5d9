import { isJson } from "./json-member.js";

/**
 * Chooses the containers of a value that are written member by member rather than in one piece:
 * those that grow with the workflow. `key` is the member or index the container is found under
 * (undefined for the value itself). Only members of split containers are asked.
 */
export type SplitRule = (container: object, key: string | number | undefined) => boolean;

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

/**
 * `serialize(value)` as chunks of about 32 K characters or more.
 *
 * Why: V8 puts a string over about 128 KiB in its large-object space, where each one is fresh
 * memory; on these machines writing 1 MB there costs 5 to 9 ms, more than JSON.stringify itself.
 * The definition of a 1,000-job workflow is such a string once flattened (by hashing, `includes`
 * or `Buffer.byteLength`), so compile reads and hashes it chunk by chunk and leaves the one
 * flattening to whoever writes the file. The split containers must be plain data (no `toJSON`).
 */
export function serializeChunks(value: unknown, split: SplitRule): ChunkedText {
  const writer = new ChunkWriter();
  writeValue(writer, value, undefined, 0, split);
  writer.append("\n", 1);
  return writer.finish();
}

/**
 * The text of these chunks as one string, without copying them into one: V8 joins strings with
 * `+` by reference, and copies them once, when the text is first read as a whole.
 */
export function chunkedText(chunks: ReadonlyArray<string>): string {
  let text = "";
  for (const chunk of chunks) text += chunk;
  return text;
}

function writeValue(
  writer: ChunkWriter,
  value: unknown,
  key: string | number | undefined,
  depth: number,
  split: SplitRule,
): void {
  if (value === null || typeof value !== "object" || "toJSON" in value || !split(value, key)) {
    writer.append(piece(value, depth), layoutOf(value, depth));
  } else if (Array.isArray(value)) {
    // JSON.stringify writes null for what it leaves out of an object.
    const items = Array.from(value, (item: unknown) => (isJson(item) ? item : null));
    writeMembers(
      writer,
      items.map((item, i) => [i, item] as const),
      "[",
      "]",
      depth,
      split,
    );
  } else {
    const members = Object.entries(value).filter(([, member]) => isJson(member));
    writeMembers(writer, members, "{", "}", depth, split);
  }
}

function writeMembers(
  writer: ChunkWriter,
  members: ReadonlyArray<readonly [string | number, unknown]>,
  open: string,
  close: string,
  depth: number,
  split: SplitRule,
): void {
  if (members.length === 0) {
    writer.append(`${open}${close}`, 0);
    return;
  }
  const inner = indentOf(depth + 1);
  writer.append(open, 0);
  members.forEach(([key, member], i) => {
    writer.lineBreak();
    if (typeof key === "number") writer.append(inner, inner.length);
    else writer.append(`${inner}${JSON.stringify(key)}: `, inner.length + 1);
    writeValue(writer, member, key, depth + 1, split);
    if (i < members.length - 1) writer.append(",", 0);
  });
  writer.lineBreak();
  const outer = indentOf(depth);
  writer.append(`${outer}${close}`, outer.length);
}

/** A value as JSON.stringify(…, null, 2) writes it `depth` levels down: wrapped that deep, then unwrapped. */
function piece(value: unknown, depth: number): string {
  if (value === null || typeof value !== "object" || depth === 0) return JSON.stringify(value, null, 2);
  let wrapped: unknown = value;
  for (let i = 0; i < depth; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapping list adds "[", a line break and its items' indentation before, and the same after.
  return text.slice(depth * depth + 3 * depth, text.length - depth * depth - depth);
}

/**
 * The layout JSON.stringify(…, null, 2) gives a value `depth` levels down: before each member of
 * a container, a line break, the indentation and, in an object, the space after the key; before
 * the closing bracket, a line break and the indentation. Counted over the value, not its text,
 * which costs less than reading the text. A `toJSON` must not depend on its key.
 */
function layoutOf(value: unknown, depth: number): number {
  if (value === null || typeof value !== "object") return 0;
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === "function") return layoutOf(toJSON.call(value), depth);
  let members = 0;
  let nested = 0;
  if (Array.isArray(value)) {
    members = value.length;
    for (let i = 0; i < members; i++) nested += layoutOf(value[i], depth + 1);
  } else {
    for (const key in value) {
      const member = (value as Record<string, unknown>)[key];
      if (!Object.hasOwn(value, key) || !isJson(member)) continue;
      members++;
      nested += layoutOf(member, depth + 1);
    }
  }
  if (members === 0) return 0;
  const keySpace = Array.isArray(value) ? 0 : 1;
  return nested + members * (1 + 2 * (depth + 1) + keySpace) + 1 + 2 * depth;
}

const indents: string[] = [""];

function indentOf(depth: number): string {
  while (indents.length <= depth) indents.push(`${indents.at(-1)}  `);
  return indents[depth] as string;
}

const chunkChars = 32_768;

/** Collects pieces and closes a chunk at a line break once it holds `chunkChars`. */
class ChunkWriter {
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
    if (this.#length >= chunkChars) this.#close();
    this.append("\n", 1);
  }

  finish(): ChunkedText {
    this.#close();
    return { chunks: this.#chunks, layout: this.#layout };
  }

  #close(): void {
    if (this.#pieces.length > 0) this.#chunks.push(this.#pieces.join(""));
    this.#pieces = [];
    this.#length = 0;
  }
}
