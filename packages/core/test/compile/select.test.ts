import { describe, expect, test } from 'vitest'
import type * as N from '../../src/ast/nodes.js'
import { CompileError } from '../../src/errors/compile-error.js'
import {
  and,
  as,
  bin,
  col,
  compiled,
  eq,
  fn,
  or,
  order,
  param,
  ref,
  select,
  setOp,
  sqlOf,
  val,
} from './nodes.js'

const users = ref('users')
const id = col('users', 'id')
const email = col('users', 'email')

describe('select', () => {
  test('columns, aliases and DISTINCT quote every identifier', () => {
    const node = select({
      distinct: true,
      columns: [id, as(email, 'e-mail')],
      from: [ref('users', 'u"`x')],
    })
    expect(sqlOf(node)).toEqual({
      postgres: 'SELECT DISTINCT "users"."id", "users"."email" AS "e-mail" FROM "users" AS "u""`x"',
      mysql: 'SELECT DISTINCT `users`.`id`, `users`.`email` AS `e-mail` FROM `users` AS `u"``x`',
      sqlite: 'SELECT DISTINCT "users"."id", "users"."email" AS "e-mail" FROM "users" AS "u""`x"',
    })
  })

  test('comparisons, AND/OR/NOT and arithmetic bind every value', () => {
    const node = select({
      columns: [id],
      from: [users],
      where: and(
        eq(id, val(1)),
        or(bin('>', bin('+', id, val(2)), val(3)), bin('<>', email, val('x'))),
        { kind: 'Not', expr: bin('<=', id, val(4)) },
      ),
    })
    const c = compiled(node)
    expect(c.postgres.sql).toBe(
      'SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 AND (("users"."id" + $2) > $3 OR "users"."email" <> $4) AND NOT ("users"."id" <= $5)',
    )
    expect(c.mysql.sql).toBe(
      'SELECT `users`.`id` FROM `users` WHERE `users`.`id` = ? AND ((`users`.`id` + ?) > ? OR `users`.`email` <> ?) AND NOT (`users`.`id` <= ?)',
    )
    // SQLite names the columns of a one-table select bare in its list and WHERE.
    expect(c.sqlite.sql).toBe(
      'SELECT "id" FROM "users" WHERE "id" = ? AND (("id" + ?) > ? OR "email" <> ?) AND NOT ("id" <= ?)',
    )
    for (const d of [c.postgres, c.mysql, c.sqlite]) {
      expect(d.params).toEqual([1, 2, 3, 'x', 4].map((value) => ({ kind: 'value', value })))
      expect(d.kind).toBe('select')
    }
  })

  test('empty AND is true and empty OR is false, without a value', () => {
    const node = select({ columns: [id], from: [users], where: or(and(), or()) })
    expect(sqlOf(node).postgres).toBe('SELECT "users"."id" FROM "users" WHERE (1 = 1) OR (1 = 0)')
  })

  test('IN lists, empty IN lists and IN subqueries', () => {
    const sub = select({ columns: [col('bans', 'user_id')], from: [ref('bans')] })
    const node = select({
      columns: [id],
      from: [users],
      where: and(
        { kind: 'In', expr: id, list: [val(1), val(2)], negated: false },
        { kind: 'In', expr: id, list: [], negated: false },
        { kind: 'In', expr: id, list: [], negated: true },
        { kind: 'In', expr: id, list: sub, negated: true },
      ),
    })
    const c = compiled(node)
    expect(c.postgres.sql).toBe(
      'SELECT "users"."id" FROM "users" WHERE "users"."id" IN ($1, $2) AND 1 = 0 AND 1 = 1 AND "users"."id" NOT IN (SELECT "bans"."user_id" FROM "bans")',
    )
    expect(c.mysql.sql).toBe(
      'SELECT `users`.`id` FROM `users` WHERE `users`.`id` IN (?, ?) AND 1 = 0 AND 1 = 1 AND `users`.`id` NOT IN (SELECT `bans`.`user_id` FROM `bans`)',
    )
    expect(c.postgres.params).toHaveLength(2)
  })

  test('BETWEEN, IS NULL, EXISTS', () => {
    const node = select({
      columns: [id],
      from: [users],
      where: and(
        { kind: 'Between', expr: id, low: val(1), high: val(9), negated: false },
        { kind: 'Between', expr: id, low: val(3), high: val(4), negated: true },
        { kind: 'IsNull', expr: email, negated: false },
        { kind: 'IsNull', expr: email, negated: true },
        {
          kind: 'Exists',
          query: select({ columns: [val(1)], from: [ref('posts')] }),
          negated: true,
        },
      ),
    })
    expect(sqlOf(node).postgres).toBe(
      'SELECT "users"."id" FROM "users" WHERE "users"."id" BETWEEN $1 AND $2 AND "users"."id" NOT BETWEEN $3 AND $4 AND "users"."email" IS NULL AND "users"."email" IS NOT NULL AND NOT EXISTS (SELECT $5 FROM "posts")',
    )
  })

  test('LIKE everywhere; case-insensitive LIKE is ILIKE on PostgreSQL and lower() LIKE lower() elsewhere', () => {
    const like = (caseInsensitive: boolean, negated: boolean): N.LikeNode => ({
      kind: 'Like',
      expr: email,
      pattern: val('%@x.org'),
      caseInsensitive,
      negated,
    })
    const node = select({
      columns: [id],
      from: [users],
      where: and(like(false, false), like(true, false), like(true, true)),
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'SELECT "users"."id" FROM "users" WHERE "users"."email" LIKE $1 AND "users"."email" ILIKE $2 AND "users"."email" NOT ILIKE $3',
      mysql:
        'SELECT `users`.`id` FROM `users` WHERE `users`.`email` LIKE ? AND lower(`users`.`email`) LIKE lower(?) AND lower(`users`.`email`) NOT LIKE lower(?)',
      sqlite:
        'SELECT "id" FROM "users" WHERE "email" LIKE ? AND lower("email") LIKE lower(?) AND lower("email") NOT LIKE lower(?)',
    })
  })

  test('joins: inner, left, right and cross everywhere; FULL JOIN is a CompileError on MySQL', () => {
    const posts = ref('posts', 'p')
    const on = eq(col('p', 'user_id'), id)
    const join = (type: N.JoinType): N.JoinNode =>
      type === 'cross'
        ? { kind: 'Join', type, table: posts }
        : { kind: 'Join', type, table: posts, on }
    for (const type of ['inner', 'left', 'right', 'cross'] as const) {
      const node = select({ columns: [id], from: [users], joins: [join(type)] })
      const keyword = `${type.toUpperCase()} JOIN`
      const tail = type === 'cross' ? '' : ' ON "p"."user_id" = "users"."id"'
      expect(sqlOf(node).postgres).toBe(
        `SELECT "users"."id" FROM "users" ${keyword} "posts" AS "p"${tail}`,
      )
      expect(sqlOf(node).sqlite).toBe(sqlOf(node).postgres)
      expect(sqlOf(node).mysql).toBe(sqlOf(node).postgres.replaceAll('"', '`'))
    }
    const full = select({ columns: [id], from: [users], joins: [join('full')] })
    expect(sqlOf(full).postgres).toBe(
      'SELECT "users"."id" FROM "users" FULL JOIN "posts" AS "p" ON "p"."user_id" = "users"."id"',
    )
    expect(sqlOf(full).sqlite).toBe(sqlOf(full).postgres)
    expect(() => compiled(full)).toThrow(CompileError)
    expect(sqlOf(full).mysql).toMatch(
      /^ERROR: FULL JOIN is not supported on MySQL\/MariaDB\. Write/,
    )
  })

  test('GROUP BY, HAVING and aggregates: count(*), count(DISTINCT), sum, avg, min, max', () => {
    const node = select({
      columns: [
        col('p', 'user_id'),
        { kind: 'Function', name: 'count', args: [], star: true },
        { kind: 'Function', name: 'count', args: [col('p', 'tag')], distinct: true },
        fn('sum', col('p', 'n')),
        fn('avg', col('p', 'n')),
        fn('min', col('p', 'n')),
        fn('max', col('p', 'n')),
      ],
      from: [ref('posts', 'p')],
      groupBy: [col('p', 'user_id')],
      having: bin('>', { kind: 'Function', name: 'count', args: [], star: true }, val(2)),
    })
    expect(sqlOf(node).postgres).toBe(
      'SELECT "p"."user_id", count(*), count(DISTINCT "p"."tag"), sum("p"."n"), avg("p"."n"), min("p"."n"), max("p"."n") FROM "posts" AS "p" GROUP BY "p"."user_id" HAVING count(*) > $1',
    )
  })

  test('scalar functions: coalesce, lower, upper, length (char_length on MySQL), abs', () => {
    const node = select({
      columns: [
        fn('coalesce', email, val('none')),
        fn('lower', email),
        fn('upper', email),
        fn('length', email),
        fn('abs', id),
      ],
      from: [users],
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'SELECT coalesce("users"."email", $1), lower("users"."email"), upper("users"."email"), length("users"."email"), abs("users"."id") FROM "users"',
      mysql:
        'SELECT coalesce(`users`.`email`, ?), lower(`users`.`email`), upper(`users`.`email`), char_length(`users`.`email`), abs(`users`.`id`) FROM `users`',
      sqlite:
        'SELECT coalesce("email", ?), lower("email"), upper("email"), length("email"), abs("id") FROM "users"',
    })
  })

  test('concatenation is || except on MySQL, where || means OR', () => {
    const node = select({ columns: [bin('concat', email, val('!'))], from: [users] })
    expect(sqlOf(node)).toEqual({
      postgres: 'SELECT "users"."email" || $1 FROM "users"',
      mysql: 'SELECT concat(`users`.`email`, ?) FROM `users`',
      sqlite: 'SELECT "email" || ? FROM "users"',
    })
  })

  test('CASE, CAST type names and the current timestamp per dialect', () => {
    const cast = (type: N.CastNode['type']): N.CastNode => ({ kind: 'Cast', expr: id, type })
    const node = select({
      columns: [
        // biome-ignore lint/suspicious/noThenProperty: CaseNode's field is named `then`
        { kind: 'Case', whens: [{ when: eq(id, val(1)), then: val('one') }], else: val('many') },
        cast({ kind: 'bigint' }),
        cast({ kind: 'numeric', precision: 10, scale: 2 }),
        cast({ kind: 'text' }),
        cast({ kind: 'timestamp', withTimeZone: true }),
        { kind: 'CurrentTimestamp' },
      ],
      from: [users],
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'SELECT CASE WHEN "users"."id" = $1 THEN $2 ELSE $3 END, CAST("users"."id" AS bigint), CAST("users"."id" AS numeric(10, 2)), CAST("users"."id" AS text), CAST("users"."id" AS timestamptz(3)), CURRENT_TIMESTAMP FROM "users"',
      mysql:
        'SELECT CASE WHEN `users`.`id` = ? THEN ? ELSE ? END, CAST(`users`.`id` AS SIGNED), CAST(`users`.`id` AS DECIMAL(10, 2)), CAST(`users`.`id` AS CHAR), CAST(`users`.`id` AS DATETIME(3)), CURRENT_TIMESTAMP(3) FROM `users`',
      sqlite: `SELECT CASE WHEN "id" = ? THEN ? ELSE ? END, CAST("id" AS INTEGER), CAST("id" AS TEXT), CAST("id" AS TEXT), CAST("id" AS TEXT), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM "users"`,
    })
  })

  test('ORDER BY with NULLS FIRST/LAST: native on PostgreSQL and SQLite, `x IS NULL` first on MySQL', () => {
    const node = select({
      columns: [id],
      from: [users],
      orderBy: [order(email, 'asc', 'last'), order(id, 'desc', 'first'), order(id)],
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'SELECT "users"."id" FROM "users" ORDER BY "users"."email" ASC NULLS LAST, "users"."id" DESC NULLS FIRST, "users"."id" ASC',
      mysql:
        'SELECT `users`.`id` FROM `users` ORDER BY `users`.`email` IS NULL ASC, `users`.`email` ASC, `users`.`id` IS NULL DESC, `users`.`id` DESC, `users`.`id` ASC',
      // ORDER BY keeps the qualifier: there a bare name may mean an output label.
      sqlite:
        'SELECT "id" FROM "users" ORDER BY "users"."email" ASC NULLS LAST, "users"."id" DESC NULLS FIRST, "users"."id" ASC',
    })
  })

  test('LIMIT and OFFSET are bound; an OFFSET alone gets the dialect’s "no limit"', () => {
    const both = select({ columns: [id], from: [users], limit: val(10), offset: val(20) })
    const c = compiled(both)
    expect(c.postgres.sql).toBe('SELECT "users"."id" FROM "users" LIMIT $1 OFFSET $2')
    expect(c.mysql.sql).toBe('SELECT `users`.`id` FROM `users` LIMIT ? OFFSET ?')
    expect(c.sqlite.params).toEqual([
      { kind: 'value', value: 10 },
      { kind: 'value', value: 20 },
    ])
    const offsetOnly = select({ columns: [id], from: [users], offset: param('skip') })
    expect(sqlOf(offsetOnly)).toEqual({
      postgres: 'SELECT "users"."id" FROM "users" OFFSET $1',
      mysql: 'SELECT `users`.`id` FROM `users` LIMIT 18446744073709551615 OFFSET ?',
      sqlite: 'SELECT "id" FROM "users" LIMIT -1 OFFSET ?',
    })
  })

  test('subqueries as tables and as values', () => {
    const sub = select({ columns: [as(fn('max', col('p', 'id')), 'm')], from: [ref('posts', 'p')] })
    const node = select({
      columns: [col('s', 'm'), as({ kind: 'ScalarSubquery', query: sub }, 'again')],
      from: [{ kind: 'SubqueryTable', query: sub, alias: 's' }],
    })
    expect(sqlOf(node).postgres).toBe(
      'SELECT "s"."m", (SELECT max("p"."id") AS "m" FROM "posts" AS "p") AS "again" FROM (SELECT max("p"."id") AS "m" FROM "posts" AS "p") AS "s"',
    )
  })

  test('CTEs, recursive with a column list', () => {
    const base = select({ columns: [val(1)] })
    const step = select({
      columns: [bin('+', col('t', 'n'), val(1))],
      from: [ref('t')],
      where: bin('<', col('t', 'n'), val(5)),
    })
    const node = select({
      with: {
        kind: 'With',
        recursive: true,
        ctes: [{ kind: 'Cte', name: 't', columns: ['n'], query: setOp('union all', base, step) }],
      },
      columns: [col('t', 'n')],
      from: [ref('t')],
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'WITH RECURSIVE "t" ("n") AS ((SELECT $1) UNION ALL (SELECT "t"."n" + $2 FROM "t" WHERE "t"."n" < $3)) SELECT "t"."n" FROM "t"',
      mysql:
        'WITH RECURSIVE `t` (`n`) AS ((SELECT ?) UNION ALL (SELECT `t`.`n` + ? FROM `t` WHERE `t`.`n` < ?)) SELECT `t`.`n` FROM `t`',
      sqlite:
        'WITH RECURSIVE "t" ("n") AS (SELECT ? UNION ALL SELECT "t"."n" + ? FROM "t" WHERE "t"."n" < ?) SELECT "n" FROM "t"',
    })
  })

  test('window functions with PARTITION BY, ORDER BY and a frame', () => {
    const window: N.WindowNode = {
      kind: 'Window',
      fn: fn('sum', col('p', 'n')),
      partitionBy: [col('p', 'user_id')],
      orderBy: [order(col('p', 'id'))],
      frame: {
        unit: 'rows',
        start: { type: 'preceding', offset: 2 },
        end: { type: 'currentRow' },
      },
    }
    const rowNumber: N.WindowNode = {
      kind: 'Window',
      fn: fn('row_number'),
      partitionBy: [],
      orderBy: [order(col('p', 'id'), 'desc')],
    }
    const node = select({
      columns: [as(window, 'running'), as(rowNumber, 'rn')],
      from: [ref('posts', 'p')],
    })
    expect(sqlOf(node).postgres).toBe(
      'SELECT sum("p"."n") OVER (PARTITION BY "p"."user_id" ORDER BY "p"."id" ASC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS "running", row_number() OVER (ORDER BY "p"."id" DESC) AS "rn" FROM "posts" AS "p"',
    )
    const bad = select({
      columns: [
        { ...window, frame: { ...window.frame!, start: { type: 'preceding', offset: -1 } } },
      ],
    })
    expect(sqlOf(bad).sqlite).toMatch(/^ERROR: .*non-negative integer offset/)
  })

  test('UNION, UNION ALL, INTERSECT, EXCEPT with ORDER BY on output columns and LIMIT', () => {
    const a = select({ columns: [id], from: [users] })
    const b = select({ columns: [col('admins', 'id')], from: [ref('admins')] })
    for (const op of ['union', 'union all', 'intersect', 'except'] as const) {
      const node = setOp(op, a, b, { orderBy: [order(id, 'desc')], limit: val(5) })
      const k = op.toUpperCase()
      expect(sqlOf(node)).toEqual({
        postgres: `(SELECT "users"."id" FROM "users") ${k} (SELECT "admins"."id" FROM "admins") ORDER BY "id" DESC LIMIT $1`,
        mysql: `(SELECT \`users\`.\`id\` FROM \`users\`) ${k} (SELECT \`admins\`.\`id\` FROM \`admins\`) ORDER BY \`id\` DESC LIMIT ?`,
        sqlite: `SELECT "id" FROM "users" ${k} SELECT "id" FROM "admins" ORDER BY "id" DESC LIMIT ?`,
      })
    }
  })

  test('SQLite names a one-table select’s columns bare in its list and WHERE, nowhere else', () => {
    const posts = ref('posts', 'p')
    // A subquery keeps every qualifier: a bare name its table lacked would resolve to users.
    const theirs = select({
      columns: [col('p', 'id')],
      from: [posts],
      where: eq(col('p', 'user_id'), id),
    })
    const node = select({
      columns: [id, as({ kind: 'ScalarSubquery', query: theirs }, 'first_post')],
      from: [users],
      where: { kind: 'Exists', query: theirs, negated: false },
      groupBy: [id],
      having: bin('>', id, val(1)),
      orderBy: [order(email)],
    })
    const inner = 'SELECT "p"."id" FROM "posts" AS "p" WHERE "p"."user_id" = "users"."id"'
    expect(sqlOf(node).sqlite).toBe(
      `SELECT "id", (${inner}) AS "first_post" FROM "users" WHERE EXISTS (${inner}) GROUP BY "users"."id" HAVING "users"."id" > ? ORDER BY "users"."email" ASC`,
    )
    // With a join every column keeps its qualifier, as on the other dialects.
    const joined = select({
      columns: [id],
      from: [users],
      joins: [{ kind: 'Join', type: 'inner', table: posts, on: eq(col('p', 'user_id'), id) }],
      where: eq(email, val('x')),
    })
    expect(sqlOf(joined).sqlite).toBe(sqlOf(joined).postgres.replace('$1', '?'))
    expect(sqlOf(node).postgres).toContain('SELECT "users"."id", (SELECT "p"."id"')
  })

  test('nested set operations keep their grouping, with no parentheses on SQLite', () => {
    const a = select({ columns: [val(1)] })
    const limited = select({ columns: [val(2)], limit: val(1) })
    const node = setOp('except', setOp('union', a, a), setOp('intersect', a, limited))
    expect(sqlOf(node)).toEqual({
      postgres:
        '((SELECT $1) UNION (SELECT $2)) EXCEPT ((SELECT $3) INTERSECT (SELECT $4 LIMIT $5))',
      mysql: '((SELECT ?) UNION (SELECT ?)) EXCEPT ((SELECT ?) INTERSECT (SELECT ? LIMIT ?))',
      sqlite:
        'SELECT ? UNION SELECT ? EXCEPT SELECT * FROM (SELECT ? INTERSECT SELECT * FROM (SELECT ? LIMIT ?))',
    })
  })
})
