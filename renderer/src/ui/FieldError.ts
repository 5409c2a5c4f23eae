/** Mantine's `error` prop from a react-hook-form field error (of any nesting). */
export const fieldError = (e: { message?: unknown } | undefined): string | undefined =>
  typeof e?.message === 'string' ? e.message : undefined;
