import { describe, expect, test } from 'vitest'
import {
  count,
  cte,
  eq,
  inList,
  integer,
  isNull,
  recursiveCte,
  select,
  table,
  view,
} from '../../src/index.js'
import { posts, users } from './schema.js'

const nodes = table('nodes', { id: integer().primaryKey(), parentId: integer() })

describe('CTEs', () => {
  test('selecting from a CTE puts it in WITH, with its column names', () => {
    const counts = cte(
      'counts',
      select(posts.userId.as('userId'), count().as('n')).from(posts).groupBy(posts.userId),
    )
    const node = select(users.email, counts.n)
      .from(users)
      .innerJoin(counts, eq(counts.userId, users.id))
      .toNode()
    expect(node.with).toMatchObject({
      kind: 'With',
      recursive: false,
      ctes: [{ kind: 'Cte', name: 'counts', columns: ['userId', 'n'] }],
    })
    expect(node.joins[0]?.table).toEqual({ kind: 'TableRef', name: 'counts' })
  })

  test('a CTE read by another CTE is hoisted into the same WITH, first', () => {
    const a = cte('a', select(posts.userId.as('uid')).from(posts))
    const b = cte('b', select(a.uid.as('uid')).from(a))
    const node = select(b.uid).from(b).toNode()
    expect(node.with?.ctes.map((c) => c.name)).toEqual(['a', 'b'])
    expect(node.with?.ctes[1]?.query).not.toHaveProperty('with')
  })

  test('with() adds a CTE that only a condition reads', () => {
    const top = cte('top', select(posts.userId.as('uid')).from(posts))
    const node = select(users)
      .where(inList(users.id, select(top.uid).from(top)))
      .with(top)
      .toNode()
    expect(node.with?.ctes.map((c) => c.name)).toEqual(['top'])
    expect(() => select(users).with(users as never)).toThrow(/cte\(\)/)
  })

  test('a recursive CTE unions the anchor with the step that reads itself', () => {
    const tree = recursiveCte(
      'tree',
      select(nodes.id.as('id'), nodes.parentId.as('parentId'))
        .from(nodes)
        .where(isNull(nodes.parentId)),
      (self) =>
        select(nodes.id, nodes.parentId).from(nodes).innerJoin(self, eq(nodes.parentId, self.id)),
    )
    const node = select(tree.id).from(tree).toNode()
    expect(node.with?.recursive).toBe(true)
    const def = node.with?.ctes[0]
    expect(def).toMatchObject({
      name: 'tree',
      columns: ['id', 'parentId'],
      query: { kind: 'SetOperation', op: 'union all' },
    })
    expect(def?.query.kind === 'SetOperation' && def.query.right).toMatchObject({
      joins: [{ table: { kind: 'TableRef', name: 'tree' } }],
    })
    expect(() =>
      recursiveCte('bad', select(nodes.id.as('id')).from(nodes), (self) =>
        select(nodes.id, self.id).from(nodes).innerJoin(self, eq(nodes.id, self.id)),
      ),
    ).toThrow(/same items/)
  })
})

describe('view()', () => {
  test('a view is a relation over its name, with a ViewDef for DDL', () => {
    const active = view('active_users', select(users).where(eq(users.active, true)))
    expect(active.$def).toMatchObject({
      kind: 'view',
      name: 'active_users',
      primaryKey: ['id'],
      dependsOn: ['users'],
    })
    expect(active.$def.kind === 'view' && active.$def.query.kind).toBe('Select')
    const node = select(active.email).from(active).toNode()
    expect(node.from).toEqual([{ kind: 'TableRef', name: 'active_users' }])
    expect(node.columns).toEqual([{ kind: 'Column', table: 'active_users', name: 'email' }])
    expect(select(active).shape[0]).toMatchObject({ kind: 'entity', primaryKey: [0] })
  })

  test('a view over a join lists both tables as dependencies', () => {
    const v = view(
      'user_posts',
      select(users.email.as('email'), posts.title.as('title'))
        .from(users)
        .innerJoin(posts, eq(posts.userId, users.id)),
    )
    expect(v.$def.kind === 'view' && [...v.$def.dependsOn].sort()).toEqual(['posts', 'users'])
    expect(Object.keys(v.$def.byProperty)).toEqual(['email', 'title'])
  })
})
