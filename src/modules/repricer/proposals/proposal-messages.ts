// The short answers a seller reads after acting on a proposal outside the app (a Telegram button),
// in the seller's language. The app shows its own strings from the API's codes.
import type { PriceProposalRow, ProposalStaleReason, UserLanguage } from '../../../infra/db/schema.ts';

/** `12 990 ₸`: thousands grouped with a narrow no-break space (UI.md). */
export function formatTenge(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')}\u00a0₸`;
}

interface Texts {
  pushed: (product: string, cities: string) => string;
  failed: (detail: string) => string;
  rejected: string;
  stale: Record<ProposalStaleReason, string>;
  closed: string;
  notFound: string;
  tryLater: (detail: string) => string;
}

const texts: Record<UserLanguage, Texts> = {
  ru: {
    pushed: (product, cities) => `Цена отправлена в Kaspi: ${product} — ${cities}.`,
    failed: (detail) => `Kaspi не принял цену: ${detail}`,
    rejected: 'Предложение отклонено: цена не изменится.',
    stale: {
      newer_proposal: 'Предложение устарело: есть более новое.',
      too_old: 'Предложение устарело: прошло слишком много времени.',
      market_moved: 'Предложение устарело: цены конкурентов изменились.',
      price_changed: 'Предложение устарело: наша цена уже изменилась.',
      out_of_bounds: 'Предложение устарело: цена вне мин. и макс. цены товара.',
      no_longer_proposed: 'Предложение устарело: демпер больше его не предлагает.',
    },
    closed: 'Это предложение уже закрыто.',
    notFound: 'Предложение не найдено.',
    tryLater: (detail) => `Не отправлено, попробуйте позже: ${detail}`,
  },
  kk: {
    pushed: (product, cities) => `Баға Kaspi-ге жіберілді: ${product} — ${cities}.`,
    failed: (detail) => `Kaspi бағаны қабылдамады: ${detail}`,
    rejected: 'Ұсыныс қабылданбады: баға өзгермейді.',
    stale: {
      newer_proposal: 'Ұсыныс ескірді: жаңасы бар.',
      too_old: 'Ұсыныс ескірді: тым көп уақыт өтті.',
      market_moved: 'Ұсыныс ескірді: бәсекелестердің бағасы өзгерді.',
      price_changed: 'Ұсыныс ескірді: біздің баға өзгеріп қойған.',
      out_of_bounds: 'Ұсыныс ескірді: баға тауардың ең төмен және ең жоғары бағасынан тыс.',
      no_longer_proposed: 'Ұсыныс ескірді: демпер оны енді ұсынбайды.',
    },
    closed: 'Бұл ұсыныс жабылған.',
    notFound: 'Ұсыныс табылмады.',
    tryLater: (detail) => `Жіберілмеді, кейінірек қайталаңыз: ${detail}`,
  },
  en: {
    pushed: (product, cities) => `Price sent to Kaspi: ${product} — ${cities}.`,
    failed: (detail) => `Kaspi refused the price: ${detail}`,
    rejected: 'Proposal rejected: the price stays as it is.',
    stale: {
      newer_proposal: 'The proposal is stale: a newer one exists.',
      too_old: 'The proposal is stale: too much time has passed.',
      market_moved: "The proposal is stale: competitors' prices changed.",
      price_changed: 'The proposal is stale: our price has changed since.',
      out_of_bounds: "The proposal is stale: the price is outside the product's min and max.",
      no_longer_proposed: 'The proposal is stale: the demper no longer proposes it.',
    },
    closed: 'This proposal is already closed.',
    notFound: 'Proposal not found.',
    tryLater: (detail) => `Not sent, try again later: ${detail}`,
  },
};

export type ProposalAnswer =
  | { kind: 'pushed' | 'failed' | 'rejected' | 'stale' | 'closed'; proposal: PriceProposalRow; productName: string }
  | { kind: 'not_found' }
  | { kind: 'try_later'; detail: string };

/** What the seller reads after pressing approve or reject. */
export function answerText(language: UserLanguage, answer: ProposalAnswer): string {
  const t = texts[language];
  switch (answer.kind) {
    case 'not_found':
      return t.notFound;
    case 'try_later':
      return t.tryLater(answer.detail);
    case 'pushed': {
      const cities = answer.proposal.changes.map((c) => `${c.city_name ?? c.city_id} ${formatTenge(c.old_price)} → ${formatTenge(c.new_price)}`).join(', ');
      return t.pushed(answer.productName, cities);
    }
    case 'failed':
      return t.failed(answer.proposal.detail ?? '');
    case 'rejected':
      return t.rejected;
    case 'stale':
      return answer.proposal.staleReason ? t.stale[answer.proposal.staleReason] : t.closed;
    case 'closed':
      return answer.proposal.status === 'rejected' ? t.rejected : t.closed;
  }
}
