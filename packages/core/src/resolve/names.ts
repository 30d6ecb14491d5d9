/*
 * Letters, digits, "-" and "_": the characters every place a name lands accepts (state names
 * with CloudWatch logging on, state machine and rule names, ECS families, IAM role names).
 */
const namePattern = /^[A-Za-z0-9_-]+$/;
export const maxNameLength = 80;

/** Why `name` cannot be a workflow or job name, or undefined when it can. */
export function nameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name.length === 0) return "is empty";
  if (name.length > maxNameLength) return `is ${name.length} characters long; the limit is ${maxNameLength}`;
  if (!namePattern.test(name)) {
    const bad = [...new Set(name.replace(/[A-Za-z0-9_-]/g, ""))].map((c) => JSON.stringify(c)).join(", ");
    return `contains ${bad}; only letters, digits, "-" and "_" are allowed`;
  }
  return undefined;
}
