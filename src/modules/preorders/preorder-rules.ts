import { conflict, invalid } from '../../errors/domain-error.ts';
import type { PreorderWarehouse, ProductRow, StoreRow } from '../../infra/db/schema.ts';
import { pricefeedPoints } from '../products/index.ts';

/**
 * The pickup points a preorder may use, checked against the shop as Kaspi described it at linking
 * (`kaspi_stores.points`). `field` prefixes field names in errors (`items[2].` in a batch).
 * Without `warehouses`, the preorder takes every enabled point where the offer is on sale now.
 */
export function checkedWarehouses(product: ProductRow, store: StoreRow, warehouses: PreorderWarehouse[] | undefined, field = ''): PreorderWarehouse[] {
  if (!product.kaspiSku.trim()) throw conflict(`Product ${product.id} has no Kaspi SKU; Kaspi cannot put it on preorder.`, 'not_pushable');
  if (product.kaspiStatus === 'removed') throw conflict(`Kaspi no longer lists ${product.kaspiSku} (kaspi_status: removed); it cannot go on preorder.`, 'offer_removed');
  if (product.price === null) throw conflict(`${product.kaspiSku} has no price yet; sync the shop or set a price first.`, 'not_pushable');
  if (!store.points.length) throw conflict("The shop's pickup points are not known yet; link or sync the shop first.", 'not_pushable');
  const points = new Map(store.points.map((p) => [p.name, p]));

  if (warehouses === undefined) {
    const onSale = pricefeedPoints(product, store).filter((p) => p.available && points.get(p.point)?.enabled);
    if (!onSale.length) throw conflict(`${product.kaspiSku} is not on sale at any pickup point; choose the warehouses.`, 'not_pushable');
    return onSale.map((p) => ({ point: p.point, quantity: 0 }));
  }
  if (!warehouses.length) throw invalid({ [`${field}warehouses`]: 'Choose at least one pickup point.' });
  const seen = new Set<string>();
  warehouses.forEach((w, i) => {
    const name = `${field}warehouses[${i}].point`;
    if (seen.has(w.point)) throw invalid({ [name]: `Pickup point ${w.point} is listed twice.` });
    seen.add(w.point);
    const point = points.get(w.point);
    if (!point) throw invalid({ [name]: `The shop has no pickup point ${w.point} (it has ${[...points.keys()].join(', ')}).` });
    if (!point.enabled) throw invalid({ [name]: `Pickup point ${w.point} is disabled on Kaspi.` });
  });
  return warehouses;
}

/** A shop never linked to Kaspi (no session): its preorders are kept, but there is nothing to push to. */
export function isLinked(store: StoreRow): boolean {
  return store.sessionEncrypted !== null;
}

export const NOT_LINKED_REASON = 'The shop is not linked to Kaspi; link it, then change the preorder to send it.';

/** Without Kaspi's points to check against, only what can be told from the list itself. */
export function checkedUnlinkedWarehouses(warehouses: PreorderWarehouse[] | undefined): PreorderWarehouse[] {
  const seen = new Set<string>();
  (warehouses ?? []).forEach((w, i) => {
    if (seen.has(w.point)) throw invalid({ [`warehouses[${i}].point`]: `Pickup point ${w.point} is listed twice.` });
    seen.add(w.point);
  });
  return warehouses ?? [];
}
