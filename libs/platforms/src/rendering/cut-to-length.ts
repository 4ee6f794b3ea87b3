/** Text cut to a number of characters (not UTF-16 units), ending in "…" when it was cut. */
export function cutToLength(text: string, limit: number): string {
  const characters = [...text];
  return characters.length <= limit ? text : `${characters.slice(0, limit - 1).join('')}…`;
}
