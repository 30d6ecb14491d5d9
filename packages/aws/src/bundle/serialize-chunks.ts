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
 * A container heavier than this is written member by member; the others go whole into runs. A run
 * starts at this weight, then takes what makes about `runChars` characters by what the runs so far
 * made per unit of weight (see RunSizer), and at most `runMembers` members.
 */
export const runWeight = 32;
const runMembers = 128;
/*
 * Fewer, larger JSON.stringify calls cost less and allocate less (V8 builds each result in parts
 * and copies it once more when it is cut), while a run under 128 KiB stays out of V8's
 * large-object space: runs of about 64 K characters.
 */
const runChars = 65_536;

/**
 * `serialize(value)` as chunks of about 16 K characters or more.
 *
 * Why: V8 puts a string over about 128 KiB in its large-object space, where each one is fresh
 * memory; on these machines writing 1 MB there costs 3 to 9 ms, more than JSON.stringify itself.
 * The definition of a 1,000-job workflow is such a string once flattened (by hashing, `includes`
 * or `Buffer.byteLength`), so compile reads and hashes it chunk by chunk and leaves the one
 * flattening to whoever writes the file.
 */
export function serializeChunks(value: unknown, weigh: Weigh): ChunkedText {
  const writer = new ChunkWriter();
  if (weightOf(value, undefined, weigh) <= runWeight) writer.append(JSON.stringify(value, null, 2), 0);
  else writeContainer(writer, value as object, 0, weigh, new RunSizer());
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

/** A container's weight; nothing else has any, nor has what JSON.stringify turns into something else. */
function weightOf(value: unknown, key: string | number | undefined, weigh: Weigh): number {
  return value !== null && typeof value === "object" && !("toJSON" in value) ? weigh(value, key) : 0;
}

/** The weight of the next run: about `runChars` characters, by the characters per weight so far. */
class RunSizer {
  #weight = 0;
  #chars = 0;

  budget(): number {
    if (this.#weight === 0) return runWeight;
    return Math.max(1, Math.floor((runChars * this.#weight) / this.#chars));
  }

  note(weight: number, chars: number): void {
    this.#weight += weight;
    this.#chars += chars;
  }
}

/** The members of a container heavier than a run, heavy ones split again, the others in runs. */
function writeContainer(
  writer: ChunkWriter,
  container: object,
  depth: number,
  weigh: Weigh,
  sizer: RunSizer,
): void {
  const isArray = Array.isArray(container);
  const members = isArray ? undefined : Object.keys(container).filter((k) => isJson(memberOf(container, k)));
  const count = members === undefined ? (container as unknown[]).length : members.length;
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (count === 0) {
    writer.append(`${open}${close}`, 0);
    return;
  }
  const keyAt = (i: number): string | number => (members === undefined ? i : (members[i] as string));
  const inner = indentOf(depth + 1);
  writer.append(open, 0);
  let weight = weightOf(memberOf(container, keyAt(0)), keyAt(0), weigh);
  for (let i = 0; i < count; ) {
    const key = keyAt(i);
    if (weight > runWeight) {
      writer.lineBreak();
      if (isArray) writer.append(inner, inner.length);
      else writer.append(`${inner}${JSON.stringify(key)}: `, inner.length + 1);
      writeContainer(writer, memberOf(container, key) as object, depth + 1, weigh, sizer);
      i++;
      if (i < count) {
        writer.append(",", 0);
        weight = weightOf(memberOf(container, keyAt(i)), keyAt(i), weigh);
      }
      continue;
    }
    // A run: members up to the sizer's budget in all; the member past it starts what comes next.
    const budget = sizer.budget();
    let end = i + 1;
    let total = weight;
    let next = -1;
    for (; end < count && end - i < runMembers; end++) {
      const w = weightOf(memberOf(container, keyAt(end)), keyAt(end), weigh);
      // A member heavier than a run is split, whatever the budget (weights are counted only to just past runWeight).
      if (w > runWeight || total + w > budget) {
        next = w;
        break;
      }
      total += w;
    }
    sizer.note(total, writeRun(writer, container, members, i, end, end < count, depth));
    i = end;
    if (i < count) weight = next >= 0 ? next : weightOf(memberOf(container, keyAt(i)), keyAt(i), weigh);
  }
  writer.lineBreak();
  const outer = indentOf(depth);
  writer.append(`${outer}${close}`, outer.length);
}

/** A member as JSON.stringify writes it: what it leaves out of a list is written as null. */
function memberOf(container: object, key: string | number): unknown {
  const member = (container as Record<string | number, unknown>)[key];
  return typeof key === "number" && !isJson(member) ? null : member;
}

/**
 * Members `from` to `to` of a container as JSON.stringify(…, null, 2) writes them inside it,
 * `depth` levels down: a container of just these, wrapped in `depth` lists, stringified, and cut
 * out of the text between its brackets (a line break before each member, none after the last).
 * With `comma`, a stand-in member after the last keeps the comma that follows it in the cut, so
 * the text is one slice of one JSON.stringify result: no copy joins it to its comma. Returns the
 * length of that text.
 */
function writeRun(
  writer: ChunkWriter,
  container: object,
  keys: ReadonlyArray<string> | undefined,
  from: number,
  to: number,
  comma: boolean,
  depth: number,
): number {
  const inner = 1 + 2 * (depth + 1);
  let run: unknown;
  let layout = 0;
  let tail = 0;
  if (keys === undefined) {
    const items: unknown[] = [];
    for (let i = from; i < to; i++) {
      const item = memberOf(container, i);
      items.push(item);
      layout += inner + ownLayout(item, depth + 1);
    }
    if (comma) {
      items.push(0);
      tail = inner + 1;
    }
    run = items;
  } else {
    // No prototype: a member named "__proto__" stays a member. Keys keep their order, as integer
    // keys come first in the container too, and the stand-in, no integer, comes last.
    const object: Record<string, unknown> = Object.create(null);
    for (let i = from; i < to; i++) {
      const key = keys[i] as string;
      const member = (container as Record<string, unknown>)[key];
      object[key] = member;
      layout += inner + 1 + ownLayout(member, depth + 1);
    }
    if (comma) {
      let standIn = "-";
      while (standIn in object) standIn += "-";
      object[standIn] = 0;
      tail = inner + 1 + JSON.stringify(standIn).length + 2;
    }
    run = object;
  }
  for (let i = 0; i < depth; i++) run = [run];
  const text = JSON.stringify(run, null, 2);
  // Each wrapping list adds "[", a line break and its items' indentation before, and the same after.
  const before = depth * depth + 3 * depth + 1;
  const after = depth * depth + depth + 2 + 2 * depth + tail;
  writer.lines(text.slice(before, text.length - after), layout);
  return text.length - before - after;
}

const indents: string[] = [""];

function indentOf(depth: number): string {
  while (indents.length <= depth) indents.push(`${indents.at(-1)}  `);
  return indents[depth] as string;
}
