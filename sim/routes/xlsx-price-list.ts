import ExcelJS from 'exceljs';
import type { PointAvailability, PriceState } from '../world/own-offer.ts';
import type { OwnMerchant } from '../world/world.ts';

export interface PriceListRowError {
  row: number;
  sku: string | null;
  message: string;
}

export interface PriceListResult {
  updates: { sku: string; state: PriceState }[];
  errors: PriceListRowError[];
}

export class PriceListFileError extends Error {}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('result' in v) return String(v.result ?? '');
    if ('text' in v) return String(v.text);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
  }
  return String(v).trim();
}

/**
 * Reads a price-list XLSX (columns SKU, model, brand, price, PP1..PPn, preorder) into offer states.
 * A PP cell is "yes"/"no" or a stock count (> 0 = available); points the file has no column for keep
 * their availability, points it has a column for are replaced. Bad rows are reported, good rows apply.
 */
export async function readPriceList(buffer: Buffer, merchant: OwnMerchant): Promise<PriceListResult> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new PriceListFileError('The file is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new PriceListFileError('The workbook has no sheet');
  const header = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => header.set(cellText(cell.value).toLowerCase(), col));
  const skuCol = header.get('sku');
  const priceCol = header.get('price');
  if (!skuCol || !priceCol) throw new PriceListFileError('The first row must name the columns SKU, model, brand, price, PP1..PPn, preorder');
  const preorderCol = header.get('preorder');
  const pointCols = merchant.points.flatMap((p) => {
    const col = header.get(p.name.toLowerCase());
    return col ? [{ name: p.name, col }] : [];
  });

  const result: PriceListResult = { updates: [], errors: [] };
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const sku = cellText(row.getCell(skuCol).value);
    if (!sku) continue;
    const offer = merchant.offers.get(sku);
    if (!offer) {
      result.errors.push({ row: r, sku, message: `Unknown SKU ${sku}` });
      continue;
    }
    const price = Number(cellText(row.getCell(priceCol).value));
    if (!Number.isInteger(price) || price < 10) {
      result.errors.push({ row: r, sku, message: 'price must be an integer >= 10' });
      continue;
    }
    const preorderText = preorderCol ? cellText(row.getCell(preorderCol).value) : '';
    const preOrder = preorderText === '' ? 0 : Number(preorderText);
    if (!Number.isInteger(preOrder) || preOrder < 0 || preOrder > 30) {
      result.errors.push({ row: r, sku, message: 'preorder must be 0..30 days' });
      continue;
    }
    const current = offer.current();
    const availability = new Map<string, PointAvailability>(current.availability);
    let rowError: string | null = null;
    for (const { name, col } of pointCols) {
      const text = cellText(row.getCell(col).value).toLowerCase();
      const stock = Number(text);
      const available = text === 'yes' || (text !== '' && Number.isFinite(stock) && stock > 0);
      if (text !== '' && text !== 'yes' && text !== 'no' && !Number.isFinite(stock)) rowError = `${name} must be yes, no or a stock count`;
      availability.set(name, { available, stockCount: Number.isFinite(stock) && text !== '' ? stock : available ? 1 : 0, preOrder: available ? preOrder : 0 });
    }
    if (rowError) {
      result.errors.push({ row: r, sku, message: rowError });
      continue;
    }
    if (!pointCols.length && preorderCol) {
      for (const [name, a] of availability) if (a.available) availability.set(name, { ...a, preOrder });
    }
    // A file row is a whole base price: city prices are dropped, as with a pricefeed call.
    result.updates.push({ sku, state: { price, cityPrices: new Map(), availability } });
  }
  return result;
}
