/** The attribution code at the end of a tip link: unique to one bulletin × account, so it finds that account's post. */
export function markerOf(tipUrl: string): string {
  return tipUrl.split('/').pop() ?? tipUrl;
}
