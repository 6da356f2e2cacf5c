// The one CSV writer (csv-stringify) for `zuoxi export` and `zuoxi report`: RFC 4180 quoting,
// CRLF rows, a UTF-8 BOM so spreadsheets read the Chinese text as UTF-8, and text that a
// spreadsheet would run as a formula (= + - @ at the start) kept as text with a leading '.
import {stringify} from 'csv-stringify/sync';

const formula = /^[=+\-@\t\r]/;

export function csvText(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], {
    bom: true,
    record_delimiter: '\r\n',
    // Numbers (a negative figure) are not formulas: only strings are neutralised.
    cast: {string: value => (formula.test(value) ? `'${value}` : value)},
    quoted_match: /^'[=+\-@\t\r]/,
  });
}
