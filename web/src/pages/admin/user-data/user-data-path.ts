/** One user's products and preorders; the e-mail rides along so the page can name whose data it shows. */
export function userDataPath(userId: string, email: string, tab?: 'products' | 'preorders'): string {
  const query = new URLSearchParams({ email });
  if (tab === 'preorders') query.set('tab', 'preorders');
  return `/admin/users/${userId}?${query.toString()}`;
}
