import type { SelectNode } from '../../src/ast/nodes.js'
import {
  bigint,
  blob,
  boolean,
  date,
  double,
  enumOf,
  integer,
  json,
  numeric,
  real,
  table,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from '../../src/schema/index.js'
import type { ViewDef } from '../../src/schema/table-def.js'
import { and, bin, col, eq, ref, select, val } from '../compile/nodes.js'

/** A schema that uses every column type, defaults of each kind, FKs, indexes, checks, enums. */

export const NOTE_DEFAULT = "it's a \\ back'slash"

export const orgs = table('orgs', {
  id: integer().primaryKey().autoIncrement(),
  name: varchar(100).notNull().unique(),
})

export const users = table(
  'users',
  {
    id: integer().primaryKey().autoIncrement(),
    orgId: integer()
      .named('org_id')
      .references(() => orgs.id, { onDelete: 'cascade', onUpdate: 'no action' }),
    email: varchar(255).notNull(),
    name: text(),
    visits: integer().notNull().default(0),
    big: bigint(),
    score: real(),
    ratio: double().default(-1.5),
    price: numeric(12, 2).default('0.00'),
    active: boolean().notNull().default(true),
    token: uuid(),
    born: date().default('2000-01-31'),
    opens: time(),
    createdAt: timestamp()
      .named('created_at')
      .notNull()
      .defaultSql({ node: { kind: 'CurrentTimestamp' } }),
    seenAt: timestamp({ withTimeZone: true })
      .named('seen_at')
      .default(new Date('2020-01-02T03:04:05.678Z')),
    meta: json<{ tags: string[] }>().default({ tags: ["o'k"] }),
    avatar: blob().default(new Uint8Array([0, 255, 39])),
    status: enumOf('user_status', ['active', 'banned']).notNull().default('active'),
    note: text().default(NOTE_DEFAULT),
    nonce: uuid().defaultFn(() => '00000000-0000-0000-0000-000000000000'),
  },
  (t) => ({
    indexes: [
      { name: 'users_email', columns: [t.email], unique: true },
      { name: 'users_org_visits', columns: [t.orgId, t.visits] },
    ],
    checks: [{ name: 'users_visits_positive', expr: { node: bin('>=', t.visits.node, val(0)) } }],
  }),
)

/** Composite primary key, two foreign keys, the same enum again. */
export const memberships = table(
  'memberships',
  {
    userId: integer()
      .named('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: integer()
      .named('org_id')
      .notNull()
      .references(() => orgs.id),
    status: enumOf('user_status', ['active', 'banned']).notNull(),
  },
  (t) => ({ primaryKey: [t.userId, t.orgId] }),
)

const activeQuery: SelectNode = select({
  columns: [col('users', 'id'), col('users', 'email')],
  from: [ref('users')],
  where: and(eq(col('users', 'active'), val(true)), bin('<>', col('users', 'email'), val("x'y"))),
})

/** A view; its constants must be written as literals, since views cannot bind. */
export const activeUsers: { $def: ViewDef } = {
  $def: {
    kind: 'view',
    name: 'active_users',
    columns: [],
    primaryKey: [],
    query: activeQuery,
    dependsOn: ['users'],
    byProperty: {},
  },
}

/** Deliberately out of dependency order. */
export const everything = [activeUsers, memberships, users, orgs]
