/** File names for exports: what it is and when, sortable, safe on every file system. */

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `api-gateway-playground-<what>-2026-12-07T14-50.<ext>`, in the learner's local time (the
 * time on their clock when they exported), with no `:` (Windows refuses it in file names).
 */
export function exportFileName(what: 'trace' | 'diagram', ext: 'json' | 'svg' | 'png' | 'md', at: Date): string {
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}-${pad(at.getMinutes())}`;
  return `api-gateway-playground-${what}-${stamp}.${ext}`;
}
