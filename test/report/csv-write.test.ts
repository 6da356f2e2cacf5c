import test from 'ava';
import {csvText} from '../../src/report/csv-write.ts';

test('BOM, CRLF rows, RFC 4180 quoting, empty cells for missing values', t => {
  t.is(csvText([['a', 'b'], ['李娜, "二组"', undefined], [1.5, null]]), '\ufeffa,b\r\n"李娜, ""二组""",\r\n1.5,\r\n');
});

test('text a spreadsheet would run is kept as text; numbers are not formulas', t => {
  t.is(csvText([['=SUM(A1)', '+1', '-x', '@cmd', -5]]), `\ufeff"'=SUM(A1)","'+1","'-x","'@cmd",-5\r\n`);
});
