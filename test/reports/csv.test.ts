import { CSV_COLUMNS, CSV_MAX_CELL, neutraliseFormula, renderFindingsCsv } from '../../lib/reports/csv';
import { finding } from '../support/findings';
import { HOSTILE, hostileDoc } from './hostile';

/** A small RFC 4180 reader: quoted fields, doubled quotes, CRLF records, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"') {
      if (field.length) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break outside quotes at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field.length || row.length) throw new Error('last record lacks CRLF');
  return rows;
}

/** What a spreadsheet would treat as a formula: first non-blank character is = + - @, or the cell starts with TAB/CR. */
function looksLikeFormula(cell: string): boolean {
  return /^[\t\r\n]/.test(cell) || /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);
}

describe('renderFindingsCsv', () => {
  it('starts-with-utf8-bom-by-default-and-omits-it-on-request', () => {
    const f = [finding()];
    expect(renderFindingsCsv(f).startsWith('\uFEFF"id","status"')).toBe(true);
    expect(renderFindingsCsv(f, { bom: false }).startsWith('"id","status"')).toBe(true);
  });

  it('header-names-every-column-in-order', () => {
    const [header] = parseCsv(renderFindingsCsv([], { bom: false }));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(header).toEqual([
      'id', 'status', 'lifecycle', 'severity', 'ruleId', 'title', 'accountId', 'region', 'resourceType', 'resourceId', 'resourceArn',
      'message', 'fsbp', 'cis-3.0', 'cis-5.0', 'pci-dss-4.0', 'nist-800-53-r5', 'remediation', 'suppressionReason', 'suppressionOwner', 'suppressionExpires',
    ]);
  });

  it('one-row-per-finding-round-trips-through-an-rfc4180-reader', () => {
    const f = finding({
      message: 'Line one,\r\nline "two"',
      frameworks: { fsbp: ['EC2.2', 'EC2.10'], 'cis-3.0': ['5.4'] },
      status: 'SUPPRESSED',
      suppression: { reason: 'bastion, ticket SEC-12', owner: 'secops', expires: '2027-03-31', exception: 0 },
    });
    const rows = parseCsv(renderFindingsCsv([f, finding({ resourceId: 'i-2' })], { bom: false }));
    expect(rows).toHaveLength(3);
    const rec = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1][i]]));
    expect(rec).toMatchObject({
      id: f.id,
      status: 'SUPPRESSED',
      message: 'Line one,\r\nline "two"',
      fsbp: 'EC2.2; EC2.10',
      'cis-3.0': '5.4',
      suppressionReason: 'bastion, ticket SEC-12',
      suppressionOwner: 'secops',
      suppressionExpires: '2027-03-31',
    });
    expect(rows[2][9]).toBe('i-2');
  });

  it('records-end-with-crlf', () => {
    const out = renderFindingsCsv([finding()], { bom: false });
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.split('\r\n')).toHaveLength(3);
  });

  it.each([
    ['hyperlink', HOSTILE.hyperlink],
    ['plus-cmd', HOSTILE.cmd],
    ['at-sum', HOSTILE.at],
    ['minus', HOSTILE.minus],
    ['tab-prefix', HOSTILE.tab],
    ['cr-prefix', HOSTILE.cr],
    ['spaces-then-equals', HOSTILE.spaceThenFormula],
    ['nbsp-then-plus', '\u00A0+1'],
    ['fullwidth-equals', '\uFF1D1+1'],
  ])('%s-cell-is-prefixed-with-a-quote', (_name, value) => {
    expect(neutraliseFormula(value)).toBe(`'${value}`);
  });

  it.each([['sg-0abc'], ['1.5'], ['a=b'], ['arn:aws:ec2:us-east-1:1:instance/i-1'], ['']])('plain-value-%p-is-unchanged', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
  });

  it('hostile-document-has-no-cell-a-spreadsheet-would-evaluate', () => {
    const rows = parseCsv(renderFindingsCsv(hostileDoc().findings, { bom: false }));
    const cells = rows.flat();
    expect(cells.filter(looksLikeFormula)).toEqual([]);
    // The hostile values are still there, readable, after the quote (accountId carries them).
    expect(cells).toContain(`'${HOSTILE.hyperlink}`);
    expect(cells).toContain(`'${HOSTILE.cmd}`);
  });

  it('bidi-override-and-controls-become-visible-replacement-characters', () => {
    const [, row] = parseCsv(renderFindingsCsv([finding({ message: HOSTILE.rtl + HOSTILE.ansi })], { bom: false }));
    expect(row[11]).not.toMatch(/[\u202E\u001b\u0007]/);
    expect(row[11]).toContain('invoice\uFFFDtxt.exe');
  });

  it('very-long-cell-is-cut-below-the-excel-limit', () => {
    const [, row] = parseCsv(renderFindingsCsv([finding({ message: 'x'.repeat(50_000) })], { bom: false }));
    expect(row[11].length).toBe(CSV_MAX_CELL);
    expect(row[11].endsWith('…(truncated, 50000 bytes)')).toBe(true);
  });
});
