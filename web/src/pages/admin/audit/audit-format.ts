/**
 * The actions the audit log names (the admin API's own, and the ordinary routes an admin used on another
 * user's data, named after the route: `PATCH /products/:id/` -> `product.update`). The filter offers these;
 * an action not listed is still shown, by its name.
 */
export const knownActions = [
  'user.disable',
  'user.enable',
  'user.grant_admin',
  'user.revoke_admin',
  'user.reset_password',
  'product.update',
  'product.update_price',
  'product.batch_update',
  'product.batch_enable',
  'product.batch_disable',
  'preorder.create',
  'preorder.update',
  'preorder.delete',
  'store.update',
  'store.delete',
] as const;
export type KnownAction = (typeof knownActions)[number];

export function isKnownAction(action: string): action is KnownAction {
  return (knownActions as readonly string[]).includes(action);
}

/** i18next keys cannot hold dots inside one segment: `user.disable` -> `user_disable`. */
export function actionKey(action: KnownAction): string {
  return action.replace('.', '_');
}

/**
 * Whom or what an entry is about, in words: the user's e-mail for account actions, else the target's kind
 * and a short id (the full one is in the title attribute).
 */
export function describeTarget(entry: { target_type: string; target_id: string | null; details: Record<string, unknown> }): { text: string; full: string | null } {
  const email = typeof entry.details['email'] === 'string' ? entry.details['email'] : null;
  if (entry.target_type === 'user' && email) return { text: email, full: entry.target_id };
  if (!entry.target_id) return { text: entry.target_type, full: null };
  return { text: `${entry.target_type} ${entry.target_id.slice(0, 8)}`, full: entry.target_id };
}

/** The details worth a glance, one line, without what the target column already says; long values are cut. */
export function summariseDetails(details: Record<string, unknown>, max = 160): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === 'email' || key === 'owner_ids' || key === 'request') continue;
    parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  const text = parts.join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
