import { describe, expectTypeOf, test } from 'vitest'
import {
  alias,
  bundle,
  coalesce,
  count,
  cte,
  deleteFrom,
  eq,
  type InsertValues,
  insert,
  integer,
  isNull,
  lag,
  mapTo,
  max,
  param,
  recursiveCte,
  rowNumber,
  type StatementRow,
  select,
  sql,
  sum,
  table,
  text,
  update,
  view,
} from '../../src/index.js'
import { posts, users } from '../statements/schema.js'

type User = {
  id: number
  email: string
  name: string | null
  active: boolean
  meta: { tags: string[] } | null
  createdAt: Date
}
type Post = { id: number; userId: number; title: string; publishedAt: Date | null }
const on = eq(posts.userId, users.id)

describe('select rows', () => {
  test('an entity is its row object', () => {
    expectTypeOf<StatementRow<ReturnType<typeof select<[typeof users]>>>>().toEqualTypeOf<[User]>()
    expectTypeOf(select(users).__row).toEqualTypeOf<[User]>()
  })

  test('columns and labelled expressions are values', () => {
    const q = select(users.id, users.name, count().as('n'), sum(posts.id))
      .from(users)
      .innerJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[number, string | null, number, string | null]>()
  })

  test('bundles are nested objects', () => {
    const q = select(bundle({ id: users.id, email: users.email }), posts.title)
      .from(users)
      .innerJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[{ id: number; email: string }, string]>()
  })

  test('left join: joined entity and columns become nullable', () => {
    const q = select(users, posts, posts.title, bundle({ t: posts.title })).leftJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[User, Post | null, string | null, { t: string | null }]>()
  })

  test('right join: everything before it becomes nullable', () => {
    const q = select(users, posts, users.email).rightJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[User | null, Post, string | null]>()
  })

  test('full join: both sides', () => {
    const q = select(users, posts).from(users).fullJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[User | null, Post | null]>()
  })

  test('aliases are tracked by their own name', () => {
    const boss = alias(users, 'boss')
    const q = select(users, boss.email).leftJoin(boss, eq(boss.id, users.id))
    expectTypeOf(q.__row).toEqualTypeOf<[User, string | null]>()
  })

  test('mapTo classes are the entity type', () => {
    class Account {
      declare id: number
      get label() {
        return `#${this.id}`
      }
    }
    const Accounts = mapTo(users, Account)
    expectTypeOf(select(Accounts).__row).toEqualTypeOf<[Account]>()
  })

  test('scalar subqueries, window functions, coalesce and sql fragments', () => {
    const latest = select(max(posts.id)).from(posts).where(eq(posts.userId, users.id)).scalar()
    const q = select(
      latest,
      rowNumber().over({ orderBy: [users.id] }),
      lag(users.email).over(),
      coalesce(users.name, 'anon'),
      sql<number>`1`.as('one'),
      param<string>('p'),
    ).from(users)
    expectTypeOf(q.__row).toEqualTypeOf<
      [number | null, number, string | null, string, number, string]
    >()
  })

  test('set operations keep the row type and reject other rows', () => {
    const a = select(users.email).from(users)
    expectTypeOf(a.union(select(users.email).from(users)).__row).toEqualTypeOf<[string]>()
    // @ts-expect-error a number column cannot be unioned with a string column
    a.union(select(users.id).from(users))
  })

  test('conditions are type-checked against the column', () => {
    // @ts-expect-error users.id is a number
    eq(users.id, 'x')
    // @ts-expect-error where takes a condition, not a number expression
    select(users).where(users.id)
  })
})

describe('relations made from selects', () => {
  test('subquery columns are typed from entities and labels', () => {
    const counts = select(posts.userId.as('uid'), count().as('n'))
      .from(posts)
      .groupBy(posts.userId)
      .as('c')
    const q = select(users.email, counts.n, counts.uid)
      .from(users)
      .innerJoin(counts, eq(counts.uid, users.id))
    expectTypeOf(q.__row).toEqualTypeOf<[string, number, number]>()
    const whole = select(users).as('u2')
    expectTypeOf(select(whole).__row).toEqualTypeOf<[User]>()
    expectTypeOf(
      select(whole, posts).leftJoin(posts, eq(posts.userId, whole.id)).__row,
    ).toEqualTypeOf<[User, Post | null]>()
  })

  test('an outer-joined entity inside a subquery has nullable columns', () => {
    const s = select(users.id.as('uid'), posts).from(users).leftJoin(posts, on).as('s')
    expectTypeOf(select(s.title).from(s).__row).toEqualTypeOf<[string | null]>()
  })

  test('views and CTEs are typed like tables', () => {
    const active = view('active_users', select(users).where(eq(users.active, true)))
    expectTypeOf(select(active).__row).toEqualTypeOf<[User]>()
    expectTypeOf(select(active.email).from(active).__row).toEqualTypeOf<[string]>()
    const c = cte('c', select(posts.title.as('t'), users).from(posts).innerJoin(users, on))
    expectTypeOf(select(c.t, c.email).from(c).__row).toEqualTypeOf<[string, string]>()
  })

  test('recursive CTE columns come from the anchor', () => {
    const nodes = table('nodes', {
      id: integer().primaryKey(),
      parentId: integer(),
      label: text().notNull(),
    })
    const tree = recursiveCte(
      'tree',
      select(nodes.id.as('id'), nodes.label.as('path')).from(nodes).where(isNull(nodes.parentId)),
      (self) => {
        expectTypeOf(self.path).toHaveProperty('__type').toEqualTypeOf<string>()
        return select(nodes.id.as('id'), nodes.label.as('path'))
          .from(nodes)
          .innerJoin(self, eq(nodes.parentId, self.id))
      },
    )
    expectTypeOf(select(tree.id, tree.path).from(tree).__row).toEqualTypeOf<[number, string]>()
  })
})

describe('bare columns in relations made from selects', () => {
  test('a bare column is a typed column under its property name', () => {
    const recent = select(posts.userId, count().as('n'))
      .from(posts)
      .groupBy(posts.userId)
      .as('recent')
    expectTypeOf(recent.userId).toHaveProperty('__type').toEqualTypeOf<number>()
    expectTypeOf(recent.userId).toHaveProperty('__property').toEqualTypeOf<'userId'>()
    const q = select(users.email, recent.n, recent.userId)
      .from(users)
      .innerJoin(recent, eq(recent.userId, users.id))
    expectTypeOf(q.__row).toEqualTypeOf<[string, number, number]>()
  })

  test('a column whose SQL name differs is reached by its property', () => {
    const s = select(users.createdAt, users.name).from(users).as('s')
    expectTypeOf(select(s.createdAt, s.name).from(s).__row).toEqualTypeOf<[Date, string | null]>()
    // @ts-expect-error the SQL name is not a property
    s.created_at
  })

  test('CTEs and views take bare columns too', () => {
    const c = cte('c', select(posts.title, users.email).from(posts).innerJoin(users, on))
    expectTypeOf(select(c.title, c.email).from(c).__row).toEqualTypeOf<[string, string]>()
    const v = view('titles', select(posts.id, posts.publishedAt).from(posts))
    expectTypeOf(select(v).__row).toEqualTypeOf<[{ id: number; publishedAt: Date | null }]>()
  })

  test('a bare column of an outer-joined relation is nullable in the subquery', () => {
    const s = select(users.id, posts.title).from(users).leftJoin(posts, on).as('s')
    expectTypeOf(select(s.id, s.title).from(s).__row).toEqualTypeOf<[number, string | null]>()
  })

  test('an unlabelled expression adds no column', () => {
    const s = select(posts.userId, count()).from(posts).groupBy(posts.userId).as('s')
    expectTypeOf(select(s).__row).toEqualTypeOf<[{ userId: number }]>()
  })
})

describe('labelled columns and outer joins', () => {
  test('a labelled column of a left-joined table is nullable', () => {
    const q = select(users, posts.title.as('t')).from(users).leftJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[User, string | null]>()
  })

  test('right and full joins reach labels of the relations before them', () => {
    const r = select(users.email.as('e'), posts.title.as('t')).from(users).rightJoin(posts, on)
    expectTypeOf(r.__row).toEqualTypeOf<[string | null, string]>()
    const f = select(users.email.as('e'), posts.title.as('t')).from(users).fullJoin(posts, on)
    expectTypeOf(f.__row).toEqualTypeOf<[string | null, string | null]>()
  })

  test('an inner join and an alias keep their own nullability', () => {
    const boss = alias(users, 'boss')
    const q = select(users.email.as('e'), boss.email.as('b'), posts.title.as('t'))
      .from(users)
      .innerJoin(posts, on)
      .leftJoin(boss, eq(boss.id, users.id))
    expectTypeOf(q.__row).toEqualTypeOf<[string, string | null, string]>()
  })

  test('aggregates and expressions keep their declared type', () => {
    const q = select(users, count(posts.id).as('n'), coalesce(posts.title, 'none').as('t'))
      .from(users)
      .leftJoin(posts, on)
    expectTypeOf(q.__row).toEqualTypeOf<[User, number, string]>()
  })

  test('subquery, CTE and view columns from labels of outer-joined relations are nullable', () => {
    const items = select(users.id.as('uid'), posts.title.as('t')).from(users).leftJoin(posts, on)
    const s = items.as('s')
    expectTypeOf(select(s.uid, s.t).from(s).__row).toEqualTypeOf<[number, string | null]>()
    const c = cte('c', items)
    expectTypeOf(select(c.t).from(c).__row).toEqualTypeOf<[string | null]>()
    const v = view('v', items)
    expectTypeOf(select(v).__row).toEqualTypeOf<[{ uid: number; t: string | null }]>()
  })
})

describe('insert, update, delete', () => {
  test('insert: NOT NULL columns without a default are required, the rest optional', () => {
    expectTypeOf<InsertValues<(typeof users)['$builders']>>().toHaveProperty('email')
    insert(users).values({ email: 'a', createdAt: new Date() })
    insert(users).values([{ email: 'a', createdAt: new Date(), name: null, id: 3, active: false }])
    // @ts-expect-error email is required
    insert(users).values({ createdAt: new Date() })
    // @ts-expect-error unknown column
    insert(users).values({ email: 'a', createdAt: new Date(), nope: 1 })
    // @ts-expect-error wrong type
    insert(users).values({ email: 1, createdAt: new Date() })
    // @ts-expect-error a view is not a table to insert into... it is, by type; but a subquery is not
    insert(select(users).as('s'))
  })

  test('returning rows', () => {
    expectTypeOf(insert(users).values({ email: 'a', createdAt: new Date() }).__row).toEqualTypeOf<
      []
    >()
    expectTypeOf(
      insert(users).values({ email: 'a', createdAt: new Date() }).returning(users, users.id).__row,
    ).toEqualTypeOf<[User, number]>()
    expectTypeOf(update(users).set({ name: 'x' }).returning(users.name).__row).toEqualTypeOf<
      [string | null]
    >()
    expectTypeOf(deleteFrom(posts).returning(posts).__row).toEqualTypeOf<[Post]>()
  })

  test('update set keys are checked', () => {
    update(users).set({ name: null, active: true })
    // @ts-expect-error unknown column
    update(users).set({ nope: 1 })
    // @ts-expect-error wrong type
    update(users).set({ active: 'yes' })
  })
})
