/** Whether JSON.stringify writes an object member with this value (it leaves out these three). */
export function isJson(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol";
}
