import { parse } from 'csv-parse/sync';
import { toCsv } from './csv-export';

const PAYLOADS = [
  "线索\n=cmd|' /C calc'!A0",
  '线索\r=HYPERLINK("http://x")',
  '线索\n+1+1',
  '线索\n@SUM(A1)',
  '\t=1+1',
  '=1+1',
  '-2+3',
  '第一行\r\n=第二行',
];

describe('CSV export', () => {
  const csv = toCsv(
    PAYLOADS.map((text, index) => ({ index, text })),
    [
      { header: 'n', value: (row) => row.index },
      { header: 'text', value: (row) => row.text },
    ],
  );

  it('keeps each multi-line value in one quoted field, so a reader splitting on a bare LF or CR finds no new row', () => {
    const records = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    expect(records).toHaveLength(PAYLOADS.length + 1);
    PAYLOADS.forEach((payload, index) => {
      if (/[\r\n]/.test(payload)) expect(csv).toContain(`\r\n${index},"`);
      expect(records[index + 1][1].replace(/(^|\r\n|\r|\n)'/g, '$1')).toBe(payload);
    });
  });

  it('starts no physical line of the file with a formula character', () => {
    const lines = csv.slice(1).split(/\r\n|\r|\n/);
    expect(lines.filter((line) => /^"?[=+\-@\t]/.test(line))).toEqual([]);
  });

  it('neutralises every line of a value, not only its first', () => {
    const records = parse(csv.slice(1)) as string[][];
    for (const [, text] of records.slice(1)) {
      for (const line of text.split(/\r\n|\r|\n/)) expect(line).not.toMatch(/^[=+\-@\t]/);
    }
    expect(records[1][1]).toBe("线索\n'=cmd|' /C calc'!A0");
  });
});
