import ExcelJS from 'exceljs';
import type { PreorderRow, ProductAvailability, StorePoint } from '../../infra/db/schema.ts';

export interface PriceListEntry {
  preorder: PreorderRow;
  /** The product's current base price (the file's price replaces Kaspi's); the preorder's own as a fallback. */
  price: number | null;
  /** The product's availabilities: points not chosen keep what Kaspi has there. */
  availabilities: ProductAvailability[];
}

/**
 * A store's preorders in Kaspi's price-list format (kaspi-protocol.md 2.4): columns
 * `SKU, model, brand, price, PP1..PPn, preorder`, one row per preorder. A PP cell is the stock:
 * the preorder quantity at a chosen point ("yes" when the quantity is 0, i.e. not counted), the
 * stock Kaspi holds at another available point, "no" where the offer is not sold.
 * Columns are only the points some preorder chose (in the store's order): on upload a point the file
 * has a column for is replaced, one without a column keeps what Kaspi has. (Format limit: a row has
 * one `preorder`, so a point that has a column and sells the offer is put on preorder in that row too.)
 */
export async function preorderPriceList(points: StorePoint[], entries: PriceListEntry[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Price list');
  const used = new Set(entries.flatMap((e) => e.preorder.warehouses.map((w) => w.point)));
  const pointNames = points.map((p) => p.name).filter((name) => used.has(name));
  sheet.addRow(['SKU', 'model', 'brand', 'price', ...pointNames, 'preorder']);
  for (const { preorder, price, availabilities } of entries) {
    const chosen = new Map(preorder.warehouses.map((w) => [w.point, w.quantity]));
    const known = new Map(availabilities.map((a) => [a.point, a]));
    const cells = pointNames.map((name) => {
      if (chosen.has(name)) return chosen.get(name)! > 0 ? chosen.get(name)! : 'yes';
      const a = known.get(name);
      if (!a?.available) return 'no';
      return a.stock_count > 0 ? a.stock_count : 'yes';
    });
    sheet.addRow([preorder.article, preorder.name, preorder.brand ?? '', price ?? preorder.price ?? '', ...cells, preorder.deliveryDays]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
