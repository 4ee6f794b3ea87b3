/** The public pages (tip page, bulletin page) run only their own script, talk only to their own origin and cannot be framed. */
export const PUBLIC_PAGE_SECURITY =
  "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";
