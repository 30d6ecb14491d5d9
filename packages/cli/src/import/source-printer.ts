/**
 * The values an imported workflow file is made of, printed as Biome and Prettier print them with
 * 2-space indentation and an 80-column line: objects, lists and calls stay on one line when they
 * fit, else one member a line (and a formatter keeps an object it finds across lines so).
 */
export type Code =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "list"; readonly items: ReadonlyArray<Code> }
  | { readonly kind: "object"; readonly members: ReadonlyArray<readonly [string, Code]> }
  | { readonly kind: "call"; readonly callee: string; readonly args: ReadonlyArray<Code> };

export const lineWidth = 80;

export const code = {
  text: (text: string): Code => ({ kind: "text", text }),
  string: (value: string): Code => ({ kind: "string", value }),
  list: (items: ReadonlyArray<Code>): Code => ({ kind: "list", items }),
  object: (members: ReadonlyArray<readonly [string, Code]>): Code => ({ kind: "object", members }),
  call: (callee: string, ...args: ReadonlyArray<Code>): Code => ({ kind: "call", callee, args }),
};

/** A string literal: double quotes unless the text holds more of them than of single quotes. */
export function stringLiteral(value: string): string {
  const doubles = value.split('"').length - 1;
  const singles = value.split("'").length - 1;
  const json = JSON.stringify(value);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : stringLiteral(name);
}

/** The value on one line, or undefined when it has to break (it holds an object). */
function flat(value: Code): string | undefined {
  switch (value.kind) {
    case "text":
      return value.text;
    case "string":
      return stringLiteral(value.value);
    case "object": {
      if (value.members.length === 0) return "{}";
      const members = value.members.map(([name, member]) => {
        if (member.kind === "text" && member.text === name) return name;
        const text = flat(member);
        return text === undefined ? undefined : `${key(name)}: ${text}`;
      });
      return members.every((m) => m !== undefined) ? `{ ${members.join(", ")} }` : undefined;
    }
    case "list": {
      const items = value.items.map(flat);
      return items.every((i) => i !== undefined) ? `[${items.join(", ")}]` : undefined;
    }
    case "call": {
      const args = value.args.map(flat);
      return args.every((a) => a !== undefined) ? `${value.callee}(${args.join(", ")})` : undefined;
    }
  }
}

/**
 * Prints `value` at `indent`, where `column` characters of its line are already written and
 * `trailing` more follow it on its last line (a comma, `);`).
 */
export function print(value: Code, indent: string, column: number, trailing: number): string {
  const oneLine = flat(value);
  if (oneLine !== undefined && column + oneLine.length + trailing <= lineWidth) return oneLine;
  const inner = `${indent}  `;
  switch (value.kind) {
    case "text":
    case "string":
      return oneLine as string;
    case "object": {
      const members = value.members.map(([name, member]) => {
        if (member.kind === "text" && member.text === name) return `${inner}${name},\n`;
        const head = `${inner}${key(name)}: `;
        return `${head}${print(member, inner, head.length, 1)},\n`;
      });
      return `{\n${members.join("")}${indent}}`;
    }
    case "list": {
      const items = value.items.map((item) => `${inner}${print(item, inner, inner.length, 1)},\n`);
      return `[\n${items.join("")}${indent}]`;
    }
    case "call": {
      const last = value.args.at(-1);
      const heads = value.args.slice(0, -1).map(flat);
      // Prettier's "hug": a call whose last argument is an object keeps the others on its line.
      if (last?.kind === "object" && last.members.length > 0 && heads.every((h) => h !== undefined)) {
        const head = `${value.callee}(${[...heads, ""].join(", ")}`;
        if (column + head.length + 1 <= lineWidth) {
          return `${head}${print(last, indent, column + head.length, trailing + 1)})`;
        }
      }
      const args = value.args.map((arg) => `${inner}${print(arg, inner, inner.length, 1)},\n`);
      return `${value.callee}(\n${args.join("")}${indent})`;
    }
  }
}
