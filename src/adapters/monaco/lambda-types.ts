/**
 * The real event types from @types/aws-lambda, at the paths TS resolves `from 'aws-lambda'` to:
 * eager, so the ~60 small declaration files are ONE chunk (as lazy globs they were 62 requests
 * the editor waited for). editor.ts imports this module when Monaco is configured and attaches
 * the declarations when it arrives, without holding the editor back.
 */
const files = import.meta.glob('/node_modules/@types/aws-lambda/**/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** `file:///node_modules/@types/aws-lambda/…` → declaration text. */
export const LAMBDA_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, content]) => [`file://${path}`, content]),
);
