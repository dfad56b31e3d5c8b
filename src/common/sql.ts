/** `text` as an ILIKE pattern matching any value that contains it; `%`, `_` and `\` are literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
