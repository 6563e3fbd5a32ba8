import { Type } from 'typebox';
import { listQueryProperties, pageSchema } from '../../http/pagination.ts';
import { Store } from '../stores/index.ts';

const { page, page_size } = listQueryProperties;
const Uuid = Type.String({ format: 'uuid' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends import('typebox').TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const UserParams = Type.Object({ id: Uuid });

export const AdminUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  is_admin: Type.Boolean(),
  /** Cannot sign in or use a token; the shops are not synced, watched or repriced. */
  disabled: Type.Boolean(),
  disabled_at: Nullable(Timestamp),
  created_at: Timestamp,
  last_login_at: Nullable(Timestamp),
  stores_count: Type.Integer(),
  products_count: Type.Integer(),
});

export const ListUsersQuery = Type.Object({ page, page_size, search: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the e-mail, any case' })) });
export const AdminUserPage = pageSchema(AdminUser);

export const UpdateUserBody = Type.Object(
  {
    disabled: Type.Optional(Type.Boolean({ description: 'true: revokes every token; the user cannot sign in until enabled again' })),
    is_admin: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ResetPasswordBody = Type.Object(
  { new_password: Type.Optional(Type.String({ minLength: 8, maxLength: 256, description: 'At least 8 characters; generated when left out' })) },
  { additionalProperties: false },
);
export const ResetPasswordResponse = Type.Object({ temporary_password: Type.String({ description: 'Shown once: it is stored only as a hash' }) });

export const ListStoresQuery = Type.Object({
  page,
  page_size,
  search: Type.Optional(Type.String({ maxLength: 200, description: "Part of the store's name, merchant id or owner's e-mail" })),
  user_id: Type.Optional(Type.String({ format: 'uuid', description: "Only this user's stores" })),
});
export const AdminStore = Type.Object({ ...Store.properties, owner_email: Type.String({ description: "The owner's e-mail" }) });
export const AdminStorePage = pageSchema(AdminStore);

export const ListAuditQuery = Type.Object({
  page,
  page_size,
  actor_id: Type.Optional(Type.String({ format: 'uuid' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. user.disable, user.reset_password, product.update' })),
});
export const AuditEntry = Type.Object({
  id: Uuid,
  at: Timestamp,
  actor_id: Nullable(Uuid),
  actor_email: Type.String(),
  action: Type.String(),
  target_type: Type.String(),
  target_id: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const AuditPage = pageSchema(AuditEntry);

const Health = Type.Object({ ok: Type.Boolean(), latency_ms: Nullable(Type.Number()) });
const Count = Nullable(Type.Integer());

export const SystemResponse = Type.Object({
  database: Health,
  redis: Type.Union([Health, Type.Null()], { description: 'null in embedded mode (no Redis)' }),
  queue: Type.Object({
    kind: Type.Union([Type.Literal('bullmq'), Type.Literal('in-process')]),
    waiting: Count,
    active: Count,
    delayed: Count,
    failed: Type.Union([Type.Integer(), Type.Null()], { description: 'Jobs failed in the last 24 hours' }),
    by_type: Type.Array(Type.Object({ type: Type.String(), queued: Type.Integer(), running: Type.Integer(), failed: Type.Integer() })),
  }),
  workers: Type.Array(Type.Object({ id: Type.String(), host: Type.String(), pid: Type.Integer(), started_at: Timestamp, last_seen_at: Timestamp, alive: Type.Boolean() })),
  budgets: Type.Array(
    Type.Object({
      name: Type.String({ description: 'cabinet-writes, cabinet-reads (per merchant) or storefront-reads (per egress IP)' }),
      key: Type.String({ description: 'Merchant id, or the egress proxy (scheme, host and port) or "direct"' }),
      used: Type.Integer({ description: 'Slots reserved from now on (requests sent or waiting); above limit, callers wait longer than the window' }),
      limit: Type.Number({ description: 'Slots the budget grants per window' }),
      window_ms: Type.Integer(),
      paused_until: Nullable(Timestamp),
    }),
  ),
  pauses: Type.Array(
    Type.Object({
      store_id: Nullable(Uuid),
      store_name: Nullable(Type.String()),
      kind: Type.Union([Type.Literal('kaspi_429'), Type.Literal('proxy_rest'), Type.Literal('cabinet_paused')]),
      key: Type.String({ description: 'The merchant id or egress proxy the pause is on' }),
      until: Timestamp,
    }),
  ),
});
