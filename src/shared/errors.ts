// Small helpers every layer uses for errors and exhaustive switches.

/** The message of anything thrown. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Ends a switch over a union: a compile error when a case is missing, a throw if one arrives anyway. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected message: ${JSON.stringify(value)}`);
}
