import { stringify } from 'csv-stringify/sync';

/** A byte-order mark first, so Excel opens the UTF-8 file with its Chinese text intact. */
const BOM = '\uFEFF';

/** A line that a spreadsheet could read as a formula starts with one of these. */
const FORMULA_LINE_START = /(^|\r\n|\r|\n)(?=[=+\-@\t\r])/g;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined | Date;
}

/**
 * Text from the public must not become a spreadsheet formula when opened: every line of a
 * multi-line value is neutralised, since some readers start a new row at a bare line feed.
 */
export function neutraliseFormulas(text: string): string {
  return text.replace(FORMULA_LINE_START, "$1'");
}

/**
 * One CSV document from rows and named columns: UTF-8 with BOM, CRLF, RFC 4180 quoting, and every
 * field that holds a CR or LF quoted (the writer on its own quotes only the CRLF it ends records with).
 */
export function toCsv<Row>(rows: Row[], columns: Array<CsvColumn<Row>>): string {
  const records = rows.map((row) =>
    columns.map((column) => {
      const value = column.value(row);
      if (value instanceof Date) return value.toISOString();
      return typeof value === 'string' ? neutraliseFormulas(value) : (value ?? '');
    }),
  );
  return BOM + stringify([columns.map((column) => column.header), ...records], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
