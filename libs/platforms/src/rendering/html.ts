/** Text made safe inside an HTML element or a quoted attribute (article platforms take HTML bodies). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
