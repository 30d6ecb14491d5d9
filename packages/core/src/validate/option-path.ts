/** The path of `key` inside the option at `path`, as messages show it: `network.subnets`. */
export function joinPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}
