import type { DeliveryErrorCode, NotificationKind, UserLanguage } from '../../infra/db/schema.ts';
import { almatyDateTime } from './almaty-time.ts';
import { cityName } from './city-names.ts';

/** One alert as a message is made of it. */
export interface AlertForMessage {
  kind: NotificationKind;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface MessageContext {
  language: UserLanguage;
  /** The shop the alerts are about; null for alerts of no shop. */
  store: { name: string; kaspiLogin: string | null; points: { city_id: string | null; city_name: string | null }[] } | null;
  /** PUBLIC_URL: where the app's pages are. */
  publicUrl: string;
}

export type Button = { text: string; url: string } | { text: string; callback_data: string };

/** A Telegram message: HTML text and inline keyboard rows. */
export interface RenderedMessage {
  text: string;
  buttons: Button[][];
}

const escapeHtml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `12 990 ₸`: tenge, thousands grouped by a no-break space, no decimals (UI.md). */
export function formatPrice(value: unknown): string {
  const n = Math.round(Number(value));
  if (!Number.isFinite(n)) return '—';
  return `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 }).format(n)}\u00a0₸`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : []);

interface Strings {
  kinds: Record<NotificationKind, string>;
  shop: (name: string) => string;
  events: (n: number) => string;
  reauth: (reason: string) => string;
  signIn: string;
  paused: (until: string, error: string) => string;
  resting: (seconds: number) => string;
  syncFailed: (error: string) => string;
  atFloor: (city: string, price: string, place: string) => string;
  undercut: (city: string, ours: string, theirs: string, percent: number) => string;
  preorderFailed: (product: string, reason: string) => string;
  summary: (changes: number, won: number, lost: number, atFloor: number) => string;
  move: (city: string, from: string, to: string) => string;
  proposal: string;
  pushed: string;
  approve: string;
  reject: string;
  deliveryFailed: (channel: string, target: string, error: string) => string;
  channels: Record<'telegram' | 'webhook', string>;
  /** Why a delivery failed, from its code; `d` is the technical detail (an HTTP status, Telegram's or the network's words). */
  deliveryErrors: Record<DeliveryErrorCode, (d: string) => string>;
  notListed: string;
}

/** `text (detail)`, or the text alone when there is no detail. */
const withDetail = (text: string, d: string) => (d ? `${text} (${d})` : text);

const ru: Strings = {
  kinds: {
    reauth_needed: 'Требуется вход в Kaspi',
    store_paused: 'Kaspi приостановил изменения цен',
    egress_resting: 'Прокси магазина отдыхает',
    sync_failed: 'Синхронизация не удалась',
    at_floor_lost_place: 'Цена на минимуме, место потеряно',
    undercut: 'Конкурент дешевле',
    preorder_failed: 'Предзаказ не прошёл',
    daily_summary: 'Итоги дня',
    proposal: 'Демпер предлагает изменить цену',
    price_pushed: 'Демпер изменил цену',
    delivery_failed: 'Уведомление не доставлено',
  },
  shop: (name) => `Магазин «${name}»`,
  events: (n) => `${n} ${plural(n, 'событие', 'события', 'событий')}`,
  reauth: (reason) => `Сессия Kaspi: требуется вход. Демпер и синхронизация магазина ждут, пока вы не войдёте снова.${reason ? ` (${reason})` : ''}`,
  signIn: 'Войти в Kaspi',
  paused: (until, error) => `Kaspi ограничил изменения цен магазина до ${until}. Демпер продолжит сам.${error ? ` (${error})` : ''}`,
  resting: (seconds) => `Kaspi временно отказал прокси магазина (403); чтение витрины через него приостановлено на ${seconds} с.`,
  syncFailed: (error) => `Синхронизация товаров не удалась: ${error}`,
  atFloor: (city, price, place) => `${city}: цена на минимуме ${price}, место ${place}`,
  undercut: (city, ours, theirs, percent) => `${city}: конкурент продаёт за ${theirs}, у вас ${ours} (на ${percent}% дешевле)`,
  preorderFailed: (product, reason) => `${product}: ${reason}`,
  summary: (changes, won, lost, atFloor) => `За 24 часа: изменений цен — ${changes}, мест выиграно — ${won}, потеряно — ${lost}, товаров на минимальной цене — ${atFloor}.`,
  move: (city, from, to) => `${city}: ${from} → ${to}`,
  proposal: 'Ожидает вашего решения.',
  pushed: 'Цена отправлена в Kaspi.',
  approve: 'Одобрить',
  reject: 'Отклонить',
  deliveryFailed: (channel, target, error) => `Не удалось доставить уведомления (${channel}${target ? `: ${target}` : ''}) после всех попыток: ${error}`,
  channels: { telegram: 'Telegram', webhook: 'вебхук' },
  deliveryErrors: {
    webhook_status: (d) => withDetail('вебхук ответил ошибкой', d),
    webhook_unreachable: (d) => withDetail('не удалось подключиться к вебхуку', d),
    webhook_address_refused: () => 'адрес вебхука ведёт в частную или служебную сеть, такие адреса запрещены',
    webhook_deleted: () => 'вебхук удалён',
    webhook_disabled: () => 'вебхук выключен',
    telegram_refused: (d) => withDetail('Telegram не принял сообщение: бот заблокирован или чат удалён', d),
    telegram_status: (d) => withDetail('Telegram ответил ошибкой', d),
    telegram_unreachable: (d) => withDetail('Telegram недоступен', d),
    telegram_off: () => 'Telegram не настроен на этом сервере',
    chat_unlinked: () => 'чат Telegram отключён',
    alerts_gone: () => 'уведомления удалены',
    unexpected: (d) => withDetail('внутренняя ошибка сервиса', d),
  },
  notListed: 'нет в списке',
};

const kk: Strings = {
  kinds: {
    reauth_needed: 'Kaspi-ге қайта кіру қажет',
    store_paused: 'Kaspi баға өзгертуді тоқтатты',
    egress_resting: 'Дүкен проксиі демалуда',
    sync_failed: 'Синхрондау сәтсіз аяқталды',
    at_floor_lost_place: 'Баға ең төмен деңгейде, орын жоғалды',
    undercut: 'Бәсекелес арзанырақ',
    preorder_failed: 'Алдын ала тапсырыс өтпеді',
    daily_summary: 'Күн қорытындысы',
    proposal: 'Демпер бағаны өзгертуді ұсынады',
    price_pushed: 'Демпер бағаны өзгертті',
    delivery_failed: 'Хабарлама жеткізілмеді',
  },
  shop: (name) => `Дүкен «${name}»`,
  events: (n) => `${n} оқиға`,
  reauth: (reason) => `Kaspi сессиясы: қайта кіру қажет. Сіз қайта кіргенше демпер мен синхрондау күтеді.${reason ? ` (${reason})` : ''}`,
  signIn: 'Kaspi-ге кіру',
  paused: (until, error) => `Kaspi дүкеннің баға өзгертуін ${until} дейін шектеді. Демпер өзі жалғастырады.${error ? ` (${error})` : ''}`,
  resting: (seconds) => `Kaspi дүкен проксиін уақытша қабылдамады (403); ол арқылы оқу ${seconds} с тоқтатылды.`,
  syncFailed: (error) => `Тауарларды синхрондау сәтсіз: ${error}`,
  atFloor: (city, price, place) => `${city}: баға ең төмен ${price}, орын ${place}`,
  undercut: (city, ours, theirs, percent) => `${city}: бәсекелес бағасы ${theirs}, сіздікі ${ours} (${percent}% арзан)`,
  preorderFailed: (product, reason) => `${product}: ${reason}`,
  summary: (changes, won, lost, atFloor) => `24 сағатта: баға өзгерісі — ${changes}, алынған орын — ${won}, жоғалған — ${lost}, ең төмен бағадағы тауар — ${atFloor}.`,
  move: (city, from, to) => `${city}: ${from} → ${to}`,
  proposal: 'Сіздің шешіміңізді күтуде.',
  pushed: 'Баға Kaspi-ге жіберілді.',
  approve: 'Мақұлдау',
  reject: 'Қабылдамау',
  deliveryFailed: (channel, target, error) => `Хабарламалар барлық әрекеттен кейін жеткізілмеді (${channel}${target ? `: ${target}` : ''}): ${error}`,
  channels: { telegram: 'Telegram', webhook: 'вебхук' },
  deliveryErrors: {
    webhook_status: (d) => withDetail('вебхук қатемен жауап берді', d),
    webhook_unreachable: (d) => withDetail('вебхукқа қосылу мүмкін болмады', d),
    webhook_address_refused: () => 'вебхук мекенжайы жеке немесе қызметтік желіге апарады, мұндай мекенжайларға тыйым салынған',
    webhook_deleted: () => 'вебхук жойылды',
    webhook_disabled: () => 'вебхук өшірілген',
    telegram_refused: (d) => withDetail('Telegram хабарламаны қабылдамады: бот бұғатталған немесе чат жойылған', d),
    telegram_status: (d) => withDetail('Telegram қатемен жауап берді', d),
    telegram_unreachable: (d) => withDetail('Telegram қолжетімсіз', d),
    telegram_off: () => 'бұл серверде Telegram бапталмаған',
    chat_unlinked: () => 'Telegram чаты ажыратылған',
    alerts_gone: () => 'хабарламалар жойылған',
    unexpected: (d) => withDetail('сервистің ішкі қатесі', d),
  },
  notListed: 'тізімде жоқ',
};

const en: Strings = {
  kinds: {
    reauth_needed: 'Kaspi sign-in needed',
    store_paused: 'Kaspi paused price changes',
    egress_resting: "The shop's proxy is resting",
    sync_failed: 'Sync failed',
    at_floor_lost_place: 'At min price and lost its place',
    undercut: 'A competitor is cheaper',
    preorder_failed: 'Preorder failed',
    daily_summary: 'Daily summary',
    proposal: 'The repricer proposes a price change',
    price_pushed: 'The repricer changed a price',
    delivery_failed: 'Alerts not delivered',
  },
  shop: (name) => `Shop “${name}”`,
  events: (n) => `${n} ${n === 1 ? 'event' : 'events'}`,
  reauth: (reason) => `Kaspi session: sign-in needed. The repricer and syncs of this shop wait until you sign in again.${reason ? ` (${reason})` : ''}`,
  signIn: 'Sign in to Kaspi',
  paused: (until, error) => `Kaspi limited this shop's price changes until ${until}. The repricer resumes by itself.${error ? ` (${error})` : ''}`,
  resting: (seconds) => `Kaspi refused the shop's proxy for now (403); storefront reads through it pause for ${seconds} s.`,
  syncFailed: (error) => `The product sync failed: ${error}`,
  atFloor: (city, price, place) => `${city}: at the min price ${price}, place ${place}`,
  undercut: (city, ours, theirs, percent) => `${city}: a competitor sells at ${theirs}, you at ${ours} (${percent}% cheaper)`,
  preorderFailed: (product, reason) => `${product}: ${reason}`,
  summary: (changes, won, lost, atFloor) => `Last 24 h: price changes ${changes}, places won ${won}, lost ${lost}, products at their min price ${atFloor}.`,
  move: (city, from, to) => `${city}: ${from} → ${to}`,
  proposal: 'Waiting for your decision.',
  pushed: 'The price was sent to Kaspi.',
  approve: 'Approve',
  reject: 'Reject',
  deliveryFailed: (channel, target, error) => `Alerts could not be delivered (${channel}${target ? `: ${target}` : ''}) after every retry: ${error}`,
  channels: { telegram: 'Telegram', webhook: 'webhook' },
  deliveryErrors: {
    webhook_status: (d) => withDetail('the webhook answered with an error', d),
    webhook_unreachable: (d) => withDetail('could not connect to the webhook', d),
    webhook_address_refused: () => 'the webhook address leads into a private or reserved network, which is not allowed',
    webhook_deleted: () => 'the webhook was deleted',
    webhook_disabled: () => 'the webhook is disabled',
    telegram_refused: (d) => withDetail('Telegram refused the message: the bot was blocked or the chat is gone', d),
    telegram_status: (d) => withDetail('Telegram answered with an error', d),
    telegram_unreachable: (d) => withDetail('Telegram could not be reached', d),
    telegram_off: () => 'Telegram is not set up on this server',
    chat_unlinked: () => 'the Telegram chat was unlinked',
    alerts_gone: () => 'the alerts were deleted',
    unexpected: (d) => withDetail('an internal error of the service', d),
  },
  notListed: 'not listed',
};

function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

const strings: Record<UserLanguage, Strings> = { ru, kk, en };

/** The title of a kind in the language (the settings page may show the same words). */
export function kindTitle(kind: NotificationKind, language: UserLanguage): string {
  return strings[language].kinds[kind];
}

/** The app's login step for a shop: the shops page opens the link dialog with the shop's Kaspi login filled in. */
export function reauthUrl(publicUrl: string, kaspiLogin: string | null): string {
  const url = new URL(`${publicUrl}/shops/link`);
  if (kaspiLogin) url.searchParams.set('login', kaspiLogin);
  return url.toString();
}

const channelName = (s: Strings, channel: unknown) => (channel === 'telegram' || channel === 'webhook' ? s.channels[channel] : str(channel));

/** A failed delivery's reason in the user's words; the English error of an alert raised before the codes. */
function deliveryError(s: Strings, d: Record<string, unknown>): string {
  const code = str(d['error_code']);
  return Object.hasOwn(s.deliveryErrors, code) ? s.deliveryErrors[code as DeliveryErrorCode](str(d['error_detail'])) : str(d['error']);
}

/** One alert: its title line, its body lines, and the buttons it brings. */
function renderOne(alert: AlertForMessage, ctx: MessageContext): { lines: string[]; buttons: Button[][] } {
  const s = strings[ctx.language];
  const d = alert.data;
  const city = (id: unknown) => {
    const cityId = str(id);
    return escapeHtml(cityName(cityId, ctx.language, ctx.store?.points.find((p) => p.city_id === cityId)?.city_name));
  };
  const product = escapeHtml(str(d['product_name']) || str(d['product_id']));
  const title = `<b>${escapeHtml(s.kinds[alert.kind])}</b>`;
  const moves = () => list(d['cities']).map((c) => `• ${s.move(city(c['city_id']), formatPrice(c['old_price']), formatPrice(c['new_price']))}`);
  switch (alert.kind) {
    case 'reauth_needed':
      return { lines: [title, escapeHtml(s.reauth(str(d['reason'])))], buttons: [[{ text: s.signIn, url: reauthUrl(ctx.publicUrl, ctx.store?.kaspiLogin ?? null) }]] };
    case 'store_paused':
      return { lines: [title, escapeHtml(s.paused(almatyDateTime(new Date(str(d['until']))), str(d['error'])))], buttons: [] };
    case 'egress_resting':
      return { lines: [title, escapeHtml(s.resting(Number(d['pause_seconds']) || 10))], buttons: [] };
    case 'sync_failed':
      return { lines: [title, escapeHtml(s.syncFailed(str(d['error'])))], buttons: [] };
    case 'at_floor_lost_place':
      return {
        lines: [`${title}: ${product}`, ...list(d['cities']).map((c) => `• ${s.atFloor(city(c['city_id']), formatPrice(c['price']), c['place'] == null ? s.notListed : String(c['place']))}`)],
        buttons: [],
      };
    case 'undercut':
      return {
        lines: [
          `${title}: ${product}`,
          ...list(d['cities']).map((c) => `• ${s.undercut(city(c['city_id']), formatPrice(c['our_price']), formatPrice(c['competitor_price']), Number(c['percent']) || 0)}`),
        ],
        buttons: [],
      };
    case 'preorder_failed':
      return { lines: [title, escapeHtml(s.preorderFailed(str(d['product_name']) || str(d['preorder_id']), str(d['reason'])))], buttons: [] };
    case 'daily_summary':
      return { lines: [title, escapeHtml(s.summary(Number(d['changes']) || 0, Number(d['places_won']) || 0, Number(d['places_lost']) || 0, Number(d['at_floor']) || 0))], buttons: [] };
    case 'proposal': {
      const id = str(d['proposal_id']);
      // Callback data is at most 64 bytes: `proposal:approve:<uuid>` is 53.
      const buttons: Button[][] = id
        ? [
            [
              { text: `✅ ${s.approve}`, callback_data: `proposal:approve:${id}` },
              { text: `❌ ${s.reject}`, callback_data: `proposal:reject:${id}` },
            ],
          ]
        : [];
      return { lines: [`${title}: ${product}`, ...moves(), escapeHtml(s.proposal)], buttons };
    }
    case 'price_pushed':
      return { lines: [`${title}: ${product}`, ...moves()], buttons: [] };
    case 'delivery_failed':
      return { lines: [title, escapeHtml(s.deliveryFailed(channelName(s, d['channel']), str(d['target']), deliveryError(s, d)))], buttons: [] };
  }
}

/** Telegram's limit is 4096 characters; a long storm is cut with a count of what was left out. */
const MAX_TEXT = 3800;

/**
 * The message for one or more alerts of one shop (a storm becomes one message): the shop, then each
 * alert with its time when there are several. Buttons of every alert, one row each.
 */
export function renderMessage(alerts: AlertForMessage[], ctx: MessageContext): RenderedMessage {
  const s = strings[ctx.language];
  const header: string[] = [];
  if (ctx.store) header.push(`🏪 <b>${escapeHtml(s.shop(ctx.store.name))}</b>${alerts.length > 1 ? ` · ${s.events(alerts.length)}` : ''}`);
  else if (alerts.length > 1) header.push(`<b>${s.events(alerts.length)}</b>`);
  const blocks: string[] = [];
  const buttons: Button[][] = [];
  let left = 0;
  let length = header.join('\n').length;
  for (const alert of alerts) {
    const one = renderOne(alert, ctx);
    const block = (alerts.length > 1 ? [`${almatyDateTime(alert.createdAt).slice(11)} · ${one.lines[0]}`, ...one.lines.slice(1)] : one.lines).join('\n');
    if (length + block.length + 2 > MAX_TEXT) {
      left++;
      continue;
    }
    length += block.length + 2;
    blocks.push(block);
    buttons.push(...one.buttons);
  }
  if (left) blocks.push(`… +${left}`);
  return { text: [...header, ...blocks].join('\n\n'), buttons: buttons.slice(0, 50) };
}
