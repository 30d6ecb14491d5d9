/** ASL's limit on a state name. */
export const maxNameLength = 80;
