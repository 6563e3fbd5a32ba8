import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../../http/authenticate.ts';
import { pageRequest, pageResponse, pageWindow } from '../../../http/pagination.ts';
import type { ProposalStatus } from '../../../infra/db/schema.ts';
import { ApproveAllResponse, ListProposalsQuery, Proposal, ProposalPage, ProposalParams, StoreProposalsParams } from './proposals.schemas.ts';

const tags = ['demper'];
const security = bearerSecurity;

export const proposalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const proposals = app.services.proposals;

  app.get(
    '/kaspi/stores/:id/demper/proposals/',
    {
      schema: {
        tags,
        security,
        summary: "The demper's proposals for the store (approval mode), newest first; filter by status",
        params: StoreProposalsParams,
        querystring: ListProposalsQuery,
        response: { 200: ProposalPage },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const statuses = request.query.status?.split(',') as ProposalStatus[] | undefined;
      const { count, results } = await proposals.list(request.actor, request.params.id, statuses, pageWindow(page));
      return pageResponse(request, page, count, results);
    },
  );

  app.post(
    '/kaspi/stores/:id/demper/proposals/approve_all/',
    {
      schema: {
        tags,
        security,
        summary: "Approve every open proposal of the store: each is pushed, or refused as stale, as a single approval would be; counts and each one's outcome",
        params: StoreProposalsParams,
        response: { 200: ApproveAllResponse },
      },
    },
    async (request) => proposals.approveAll(request.actor, request.params.id),
  );

  app.get('/kaspi/stores/:id/demper/proposals/:proposal_id/', { schema: { tags, security, summary: 'One proposal', params: ProposalParams, response: { 200: Proposal } } }, async (request) =>
    proposals.get(request.actor, request.params.id, request.params.proposal_id),
  );

  app.post(
    '/kaspi/stores/:id/demper/proposals/:proposal_id/approve/',
    {
      schema: {
        tags,
        security,
        summary:
          "Approve a proposal: pushed to Kaspi within the write budget like a demper move (status pushed, or failed with Kaspi's answer); 409 proposal_stale when a newer proposal exists, it is too old or the market moved (a fresh storefront read), 409 proposal_closed when already decided",
        params: ProposalParams,
        response: { 200: Proposal },
      },
    },
    async (request) => proposals.approveOne(request.actor, request.params.id, request.params.proposal_id),
  );

  app.post(
    '/kaspi/stores/:id/demper/proposals/:proposal_id/reject/',
    {
      schema: { tags, security, summary: 'Reject a proposal: nothing is pushed, and the same move is not proposed again', params: ProposalParams, response: { 200: Proposal } },
    },
    async (request) => proposals.rejectOne(request.actor, request.params.id, request.params.proposal_id),
  );
};
