import { type ChunkedText, ChunkWriter } from "./chunk-writer.js";
import { isJson, ownLayout } from "./json-layout.js";

export type { ChunkedText };

/**
 * About how much of the text a container makes, in the units runs are counted in (for a
 * definition: its states). The writer writes a container heavier than a run member by member,
 * and others whole, several to a JSON.stringify call. `key` is the member or index the container
 * is found under (undefined for the value itself); only members of split containers are weighed.
 */
export type Weigh = (container: object, key: string | number | undefined) => number;

/*
 * Members written whole are stringified a run at a time, up to this weight or this many members:
 * fewer, larger JSON.stringify calls cost less than one a member, and a run of 32 job states stays
 * well under the size V8 keeps out of its large-object space.
 */
export const runWeight = 32;
const runMembers = 64;

/**
 * `serialize(value)` as chunks of about 32 K characters or more.
 *
 * Why: V8 puts a string over about 128 KiB in its large-object space, where each one is fresh
 * memory; on these machines writing 1 MB there costs 5 to 9 ms, more than JSON.stringify itself.
 * The definition of a 1,000-job workflow is such a string once flattened (by hashing, `includes`
 * or `Buffer.byteLength`), so compile reads and hashes it chunk by chunk and leaves the one
 * flattening to whoever writes the file.
 */
export function serializeChunks(value: unknown, weigh: Weigh): ChunkedText {
  const writer = new ChunkWriter();
  writeValue(writer, value, undefined, 0, weigh);
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
  weigh: Weigh,
): void {
  if (weightOf(value, key, weigh) <= runWeight) {
    writer.append(JSON.stringify(value, null, 2), 0);
  } else if (Array.isArray(value)) {
    // JSON.stringify writes null for what it leaves out of an object.
    const items = Array.from(value, (item: unknown) => (isJson(item) ? item : null));
    writeMembers(
      writer,
      items.map((item, i) => [i, item] as const),
      true,
      depth,
      weigh,
    );
  } else {
    const members = Object.entries(value as object).filter(([, member]) => isJson(member));
    writeMembers(writer, members, false, depth, weigh);
  }
}

/** A container's weight; nothing else has any, nor has what JSON.stringify turns into something else. */
function weightOf(value: unknown, key: string | number | undefined, weigh: Weigh): number {
  return value !== null && typeof value === "object" && !("toJSON" in value) ? weigh(value, key) : 0;
}

function writeMembers(
  writer: ChunkWriter,
  members: ReadonlyArray<readonly [string | number, unknown]>,
  isArray: boolean,
  depth: number,
  weigh: Weigh,
): void {
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (members.length === 0) {
    writer.append(`${open}${close}`, 0);
    return;
  }
  const inner = indentOf(depth + 1);
  const weights = members.map(([key, member]) => weightOf(member, key, weigh));
  writer.append(open, 0);
  for (let i = 0; i < members.length; ) {
    const [key, member] = members[i] as (typeof members)[number];
    if ((weights[i] as number) > runWeight) {
      writer.lineBreak();
      if (isArray) writer.append(inner, inner.length);
      else writer.append(`${inner}${JSON.stringify(key)}: `, inner.length + 1);
      writeValue(writer, member, key, depth + 1, weigh);
      i++;
    } else {
      let end = i + 1;
      let weight = weights[i] as number;
      for (; end < members.length && end - i < runMembers; end++) {
        weight += weights[end] as number;
        if (weight > runWeight) break;
      }
      writeRun(writer, members.slice(i, end), isArray, depth);
      i = end;
    }
    if (i < members.length) writer.append(",", 0);
  }
  writer.lineBreak();
  const outer = indentOf(depth);
  writer.append(`${outer}${close}`, outer.length);
}

/**
 * Consecutive members as JSON.stringify(…, null, 2) writes them inside their container `depth`
 * levels down: a container of just these, wrapped in `depth` lists, stringified, and cut out of the
 * text between its brackets (a line break before each member, none after the last).
 */
function writeRun(
  writer: ChunkWriter,
  members: ReadonlyArray<readonly [string | number, unknown]>,
  isArray: boolean,
  depth: number,
): void {
  let run: unknown;
  if (isArray) {
    run = members.map(([, item]) => item);
  } else {
    // No prototype: a member named "__proto__" stays a member. Keys keep their order, as integer
    // keys come first in the container too.
    const object: Record<string, unknown> = Object.create(null);
    for (const [key, member] of members) object[key] = member;
    run = object;
  }
  // The line break and indentation before each member, and the space after its key; and each
  // member's own layout (a definition's states: enough to clear the size limit without layoutOf).
  let layout = members.length * (1 + 2 * (depth + 1) + (isArray ? 0 : 1));
  for (const [, member] of members) layout += ownLayout(member, depth + 1);
  for (let i = 0; i < depth; i++) run = [run];
  const text = JSON.stringify(run, null, 2);
  // Each wrapping list adds "[", a line break and its items' indentation before, and the same after.
  const before = depth * depth + 3 * depth + 1;
  const after = depth * depth + depth + 2 + 2 * depth;
  writer.lines(text.slice(before, text.length - after), layout);
}

const indents: string[] = [""];

function indentOf(depth: number): string {
  while (indents.length <= depth) indents.push(`${indents.at(-1)}  `);
  return indents[depth] as string;
}
