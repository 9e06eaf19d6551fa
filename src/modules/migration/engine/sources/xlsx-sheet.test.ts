import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnOf, excelDate, isDateFormat, readSheetRows, type SheetContext, type SheetRow } from './xlsx-sheet.ts';

const ctx: SheetContext = {
  sharedStrings: ['Es Teh Manis', { richText: [{ text: 'Kopi ' }, { text: 'Susu' }] }],
  // Style 1 shows a date, style 2 a plain number.
  isDateStyle: (s) => s === 1,
  date1904: false,
};

const sheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:F3"/><sheetData>${rows}</sheetData></worksheet>`;

async function read(xml: string | string[], c: SheetContext = ctx): Promise<SheetRow[]> {
  const chunks = typeof xml === 'string' ? [xml] : xml;
  async function* source() {
    for (const chunk of chunks) yield Buffer.from(chunk);
  }
  const out: SheetRow[] = [];
  for await (const rows of readSheetRows(source(), c)) out.push(...rows);
  return out;
}

describe('XLSX sheet reader', () => {
  it('reads each cell type as exceljs did: shared and rich strings, inline strings, numbers, dates by style, booleans, errors, ISO dates', async () => {
    const rows = await read(sheet(
      `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Nasi </t></is></c>` +
        `<c r="D1"><v>15000.5</v></c><c r="E1" s="1"><v>45782.5729166667</v></c><c r="F1" s="2"><v>45782</v></c></row>` +
        `<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#N/A</v></c>` +
        `<c r="D2" t="d"><v>2025-05-05T13:45:00</v></c><c r="E2" t="d"><v>2025-05-05</v></c><c r="F2" t="str"><v>Rp 15.000</v></c></row>`,
    ));
    expect(rows).toEqual([
      { number: 1, cells: ['Es Teh Manis', 'Kopi Susu', 'Nasi ', 15000.5, new Date('2025-05-05T13:45:00.000Z'), 45782] },
      { number: 2, cells: ['TRUE', 'FALSE', '#N/A', new Date('2025-05-05T13:45:00.000Z'), new Date('2025-05-05T00:00:00.000Z'), 'Rp 15.000'] },
    ]);
  });

  it("reads a formula's cached result (a date when its style shows one), not its text; a formula with no result is empty", async () => {
    const rows = await read(sheet(
      `<row r="1"><c r="A1"><f>B1*2</f><v>30000</v></c><c r="B1" s="1"><f>TODAY()</f><v>45782</v></c>` +
        `<c r="C1" t="str"><f>"Rp "&amp;A1</f><v>Rp 30000</v></c><c r="D1"><f>A1</f></c></row>`,
    ));
    expect(rows[0]!.cells).toEqual([30000, new Date('2025-05-05T00:00:00.000Z'), 'Rp 30000', '']);
  });

  it('places cells by their reference (gaps are empty), or one after another where a writer leaves references out; rows likewise', async () => {
    const rows = await read(sheet(
      `<row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c><c r="D2"><v>4</v></c></row>` +
        `<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c><c r="E3"/></row>` +
        `<row r="7" spans="1:2"><c r="$AA$7"><v>27</v></c></row>`,
    ));
    expect(rows.map((r) => r.number)).toEqual([2, 3, 7]);
    expect(rows[0]!.cells).toEqual(['', 'b', '', 4]);
    expect(rows[1]!.cells).toEqual(['a', 2, '', '', '']);
    expect(rows[2]!.cells).toHaveLength(27);
    expect(rows[2]!.cells[26]).toBe(27);
  });

  it('joins the runs of a rich inline string without its phonetic reading, decodes entities once, and reads CDATA', async () => {
    const rows = await read(sheet(
      `<row r="1"><c r="A1" t="inlineStr"><is><r><t>Es </t></r><r><rPr><b/></rPr><t xml:space="preserve">Teh </t></r><rPh sb="0" eb="1"><t>ignored</t></rPh><r><t>Manis</t></r></is></c>` +
        `<c r="B1" t="inlineStr"><is><t>Roti &amp;lt;Bakar&amp;gt; &amp; Kopi</t></is></c><c r="C1" t="str"><v><![CDATA[Kopi & <Susu>]]></v></c></row>`,
    ));
    expect(rows[0]!.cells).toEqual(['Es Teh Manis', 'Roti &lt;Bakar&gt; & Kopi', 'Kopi & <Susu>']);
  });

  it('reads element names with a namespace prefix (some writers use x:)', async () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
      `<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Outlet</x:t></x:is></x:c><x:c r="B1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(await read(xml)).toEqual([{ number: 1, cells: ['Outlet', 3] }]);
  });

  it('counts days from 1904 in a 1904 workbook', async () => {
    const rows = await read(sheet(`<row r="1"><c r="A1" s="1"><v>44320</v></c></row>`), { ...ctx, date1904: true });
    expect(rows[0]!.cells[0]).toEqual(new Date('2025-05-05T00:00:00.000Z'));
    expect(excelDate(44320, true)).toEqual(excelDate(45782, false));
  });

  it('gives the same rows however the XML is cut into chunks (mid-tag, mid-entity, mid-character)', async () => {
    const xml = sheet(
      Array.from({ length: 40 }, (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>Café №${i} &amp; 茶</t></is></c><c r="B${i + 1}" s="1"><v>${45782 + i / 24}</v></c><c r="C${i + 1}" t="s"><v>${i % 2}</v></c></row>`,
      ).join(''),
    );
    const whole = await read(xml);
    expect(whole).toHaveLength(40);
    const bytes = Buffer.from(xml);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }), async (cuts) => {
        const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
        async function* chunks() {
          for (let i = 1; i < at.length; i++) yield bytes.subarray(at[i - 1], at[i]);
        }
        const rows: SheetRow[] = [];
        for await (const batch of readSheetRows(chunks(), ctx)) rows.push(...batch);
        expect(rows).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it('throws on XML that is not well formed, and on a cell past column XFD (instead of padding the row to it)', async () => {
    await expect(read(sheet(`<row r="1"><c r="A1"><v>1</c></row>`))).rejects.toThrow(/unexpected close tag/);
    await expect(read(sheet(`<row r="1"><c r="XFD1"><v>1</v></c></row>`))).resolves.toHaveLength(1);
    await expect(read(sheet(`<row r="1"><c r="ZZZZZZZZ1"><v>1</v></c></row>`))).rejects.toThrow('cell ZZZZZZZZ1 is past column XFD, the last a sheet has');
  });

  it('column letters → index; which number formats are dates', () => {
    expect(['A1', 'Z9', 'AA1', 'AB12', '$C$3', 'XFD1048576'].map(columnOf)).toEqual([0, 25, 26, 27, 2, 16383]);
    expect(['yyyy-mm-dd', 'd mmm yyyy h:mm', '[$-421]dd mmmm yyyy', 'h:mm:ss'].map(isDateFormat)).toEqual([true, true, true, true]);
    expect(['General', '0.00', '#,##0', '"Rp "#,##0', '[Red]#,##0;[Blue]-#,##0', undefined].map(isDateFormat)).toEqual([false, false, false, false, false, false]);
  });
});
