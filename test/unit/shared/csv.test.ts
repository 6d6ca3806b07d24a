import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, toCsv } from '../../../src/shared/csv';
import { translate } from '../../../src/shared/i18n';
import type { CoverageRow } from '../../../src/shared/domain';
import { coverageCsv } from '../../../src/renderer/coverage/coverageCsv';

describe('CSV export (issue 13)', () => {
  it('starts with a UTF-8 byte-order mark, ends every line with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['1', '2']]);
    expect(csv).toBe('\uFEFFa,b\r\n1,2\r\n');
    expect(csvRow(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes per RFC 4180: commas, quotes (doubled), line breaks, semicolons, edge spaces', () => {
    expect(csvCell('Müller & Söhne GmbH')).toBe('Müller & Söhne GmbH');
    expect(csvCell('Contoso, Ltd')).toBe('"Contoso, Ltd"');
    expect(csvCell('The "Best" Co')).toBe('"The ""Best"" Co"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('')).toBe('');
  });

  it('neutralises formula injection: a cell starting with = + - @ tab or CR gets an apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+33 1 42 68 53 00')).toBe("'+33 1 42 68 53 00");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
    expect(csvCell('Contoso = fine')).toBe('Contoso = fine');
  });

  it('exports the listed customers with headers and words in the app’s language', () => {
    const rows: CoverageRow[] = [
      { id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000008', companyName: 'Fabrikam Bâtiment SAS', domain: 'fabrikambatiment.onmicrosoft.com', mcaStatus: 'confirmed', hasSubscriptions: true, latestRecord: { dateAgreed: '2022-06-14', templateId: 'tpl-1' } },
      { id: '0b5e1c7a-3f2d-4e8b-9c6a-000000000001', companyName: '=cmd, Inc', domain: 'x.onmicrosoft.com', mcaStatus: 'not-confirmed', hasSubscriptions: null, latestRecord: null },
    ];
    const fr = coverageCsv(rows, (key, params) => translate('fr-FR', key, params)).split('\r\n');
    expect(fr[0]).toBe('\uFEFFSociété,Domaine,ID de locataire,Statut,A des abonnements,Date du dernier enregistrement,Modèle du dernier enregistrement');
    expect(fr[1]).toBe('Fabrikam Bâtiment SAS,fabrikambatiment.onmicrosoft.com,0b5e1c7a-3f2d-4e8b-9c6a-000000000008,Confirmé,Oui,2022-06-14,tpl-1');
    expect(fr[2]).toBe(`"'=cmd, Inc",x.onmicrosoft.com,0b5e1c7a-3f2d-4e8b-9c6a-000000000001,Non confirmé,Non lus,,`);
    const en = coverageCsv(rows, (key, params) => translate('en-US', key, params)).split('\r\n');
    expect(en[0]).toBe('\uFEFFCompany,Domain,Tenant id,Status,Has subscriptions,Latest record date,Latest record template');
    expect(en).toHaveLength(4);
  });
});
