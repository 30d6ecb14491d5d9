/** Where in the user's code a definition was made. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
