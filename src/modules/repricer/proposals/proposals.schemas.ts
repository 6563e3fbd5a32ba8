import { Type } from 'typebox';
import { listQueryProperties, pageSchema } from '../../../http/pagination.ts';
import { proposalStaleReasons, proposalStatuses } from '../../../infra/db/schema.ts';

const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

const ProposalStatus = Type.Enum(proposalStatuses, {
  description:
    'open (waiting for the seller), approving (being pushed now), pushed (Kaspi accepted it; the price history verifies it), failed (Kaspi refused it: see detail), stale (not pushed: see stale_reason), rejected',
});

export const Proposal = Type.Object({
  id: Type.String({ format: 'uuid' }),
  store_id: Type.String({ format: 'uuid' }),
  product_id: Type.String({ format: 'uuid' }),
  product_name: Type.String(),
  product_sku: Type.String(),
  status: ProposalStatus,
  cities: Type.Array(
    Type.Object({
      city_id: Type.String(),
      city_name: Nullable(Type.String()),
      old_price: Type.Integer(),
      new_price: Type.Integer(),
      reason: Type.String({ description: "The engine's reason code (as in the price history)" }),
      strategy: Type.String(),
      competitor_price: Nullable(Type.Integer({ description: 'The competitor price the move answers' })),
      expected_position: Nullable(Type.Integer({ description: 'The place the new price should take' })),
    }),
    { description: 'What the demper would push, per city (one pricefeed call carries them all)' },
  ),
  market: Type.Array(
    Type.Object({
      city_id: Type.String(),
      city_name: Nullable(Type.String()),
      cheapest_competitor_price: Nullable(Type.Integer({ description: 'null: nobody else sells it there' })),
      our_place: Nullable(Type.Integer({ description: 'Our place on the storefront then; null: not listed' })),
      read_at: Type.String({ format: 'date-time' }),
    }),
    { description: 'The market the proposal answers, per city read: approving it compares a fresh read with this' },
  ),
  created_at: Type.String({ format: 'date-time' }),
  confirmed_at: Type.String({ format: 'date-time', description: 'The last check that came to the same decision; the age limit counts from here' }),
  decided_at: Nullable(Type.String({ format: 'date-time' })),
  decided_by: Nullable(Type.String({ format: 'uuid', description: 'Who approved or rejected it' })),
  decided_via: Nullable(Type.Enum(['api', 'telegram'])),
  stale_reason: Nullable(Type.Enum(proposalStaleReasons, { description: 'Why it was not pushed (status stale)' })),
  detail: Nullable(Type.String({ description: "Why it is stale, or Kaspi's answer when the push failed" })),
});

export const ProposalPage = pageSchema(Proposal);

export const StoreProposalsParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ProposalParams = Type.Object({ id: Type.String({ format: 'uuid' }), proposal_id: Type.String({ format: 'uuid' }) });

export const ListProposalsQuery = Type.Object({
  page: listQueryProperties.page,
  page_size: listQueryProperties.page_size,
  status: Type.Optional(
    Type.String({
      pattern: `^(${proposalStatuses.join('|')})(,(${proposalStatuses.join('|')}))*$`,
      description: 'One status or several, comma-separated (open,approving); default: all',
    }),
  ),
});

export const ApproveAllResponse = Type.Object({
  pushed: Type.Integer(),
  stale: Type.Integer(),
  failed: Type.Integer(),
  left_open: Type.Integer({ description: 'Not tried or not sent (Kaspi busy or paused, the storefront unreadable): still open, try again later' }),
  results: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), status: ProposalStatus, detail: Nullable(Type.String()) })),
});
