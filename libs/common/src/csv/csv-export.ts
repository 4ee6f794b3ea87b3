import { stringify } from 'csv-stringify/sync';

/** A byte-order mark first, so Excel opens the UTF-8 file with its Chinese text intact. */
const BOM = '\uFEFF';

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null | undefined | Date;
}

/** One CSV document from rows and named columns: UTF-8 with BOM, CRLF, quoted where needed (commas, quotes, newlines). */
export function toCsv<Row>(rows: Row[], columns: Array<CsvColumn<Row>>): string {
  const records = rows.map((row) => columns.map((column) => {
    const value = column.value(row);
    if (value instanceof Date) return value.toISOString();
    // Text from the public must not become a spreadsheet formula when opened.
    return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value ?? '';
  }));
  return BOM + stringify([columns.map((column) => column.header), ...records], { record_delimiter: 'windows' });
}
