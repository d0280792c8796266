import { describe, expect, test } from 'vitest'
import type * as N from '../../src/ast/nodes.js'
import { compilePostgres } from '../../src/compile/index.js'
import { col, compiled, eq, param, ref, select, sqlOf, val } from './nodes.js'

const users = ref('users')
const ret = (...names: string[]) => names.map((n) => col('users', n))

function insert(parts: Partial<N.InsertNode> = {}): N.InsertNode {
  return { kind: 'Insert', table: users, columns: ['email', 'name'], ...parts }
}

describe('insert', () => {
  test('one row and many rows, every value bound', () => {
    const node = insert({
      rows: [
        [val('a@x'), val('A')],
        [val('b@x'), val('B')],
      ],
    })
    const c = compiled(node)
    expect(c.postgres.sql).toBe('INSERT INTO "users" ("email", "name") VALUES ($1, $2), ($3, $4)')
    expect(c.mysql.sql).toBe('INSERT INTO `users` (`email`, `name`) VALUES (?, ?), (?, ?)')
    expect(c.sqlite.sql).toBe('INSERT INTO "users" ("email", "name") VALUES (?, ?), (?, ?)')
    expect(c.sqlite.params.map((p) => (p.kind === 'value' ? p.value : p.name))).toEqual([
      'a@x',
      'A',
      'b@x',
      'B',
    ])
    expect(c.postgres.kind).toBe('insert')
  })

  test('a row of defaults only', () => {
    expect(sqlOf(insert({ columns: [], rows: [[]] }))).toEqual({
      postgres: 'INSERT INTO "users" DEFAULT VALUES',
      mysql: 'INSERT INTO `users` () VALUES ()',
      sqlite: 'INSERT INTO "users" DEFAULT VALUES',
    })
  })

  test('from a select', () => {
    const source = select({
      columns: [col('l', 'email'), col('l', 'name')],
      from: [ref('leads', 'l')],
    })
    expect(sqlOf(insert({ select: source })).postgres).toBe(
      'INSERT INTO "users" ("email", "name") SELECT "l"."email", "l"."name" FROM "leads" AS "l"',
    )
  })

  test('upsert: ON CONFLICT DO NOTHING; INSERT IGNORE on MySQL', () => {
    const node = insert({
      rows: [[val('a@x'), val('A')]],
      onConflict: { kind: 'OnConflict', target: ['email'], action: 'nothing' },
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'INSERT INTO "users" ("email", "name") VALUES ($1, $2) ON CONFLICT ("email") DO NOTHING',
      mysql: 'INSERT IGNORE INTO `users` (`email`, `name`) VALUES (?, ?)',
      sqlite:
        'INSERT INTO "users" ("email", "name") VALUES (?, ?) ON CONFLICT ("email") DO NOTHING',
    })
  })

  test('upsert: DO UPDATE with excluded values; ON DUPLICATE KEY UPDATE with VALUES() on MySQL', () => {
    const node = insert({
      rows: [[val('a@x'), val('A')]],
      onConflict: {
        kind: 'OnConflict',
        target: ['email'],
        action: {
          set: [
            ['name', { kind: 'Excluded', column: 'name' }],
            ['visits', { kind: 'Binary', op: '+', left: col('users', 'visits'), right: val(1) }],
          ],
        },
      },
    })
    expect(sqlOf(node)).toEqual({
      postgres:
        'INSERT INTO "users" ("email", "name") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name", "visits" = "users"."visits" + $3',
      mysql:
        'INSERT INTO `users` (`email`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`), `visits` = `users`.`visits` + ?',
      sqlite:
        'INSERT INTO "users" ("email", "name") VALUES (?, ?) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name", "visits" = "users"."visits" + ?',
    })
  })

  test('upsert with a condition: WHERE on DO UPDATE; a CompileError on MySQL', () => {
    const node = insert({
      rows: [[val('a@x'), val('A')]],
      onConflict: {
        kind: 'OnConflict',
        target: ['email'],
        action: { set: [['name', { kind: 'Excluded', column: 'name' }]] },
        where: eq(col('users', 'locked'), val(false)),
      },
    })
    const sql = sqlOf(node)
    expect(sql.postgres).toBe(
      'INSERT INTO "users" ("email", "name") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "name" = excluded."name" WHERE "users"."locked" = $3',
    )
    expect(sql.mysql).toMatch(
      /^ERROR: A WHERE condition on an upsert is not supported on MySQL\/MariaDB\./,
    )
  })

  test('insert from a select with ON CONFLICT: SQLite ends the select with a WHERE', () => {
    const source = select({
      columns: [col('l', 'email'), col('l', 'name')],
      from: [ref('leads', 'l')],
    })
    const node = insert({
      select: source,
      onConflict: { kind: 'OnConflict', target: ['email'], action: 'nothing' },
    })
    expect(sqlOf(node).sqlite).toBe(
      'INSERT INTO "users" ("email", "name") SELECT * FROM (SELECT "l"."email", "l"."name" FROM "leads" AS "l") WHERE 1 = 1 ON CONFLICT ("email") DO NOTHING',
    )
  })

  test('RETURNING on insert everywhere (MariaDB has INSERT ... RETURNING)', () => {
    const node = insert({ rows: [[val('a@x'), val('A')]], returning: ret('id', 'email') })
    expect(sqlOf(node)).toEqual({
      postgres:
        'INSERT INTO "users" ("email", "name") VALUES ($1, $2) RETURNING "users"."id", "users"."email"',
      mysql:
        'INSERT INTO `users` (`email`, `name`) VALUES (?, ?) RETURNING `users`.`id`, `users`.`email`',
      sqlite:
        'INSERT INTO "users" ("email", "name") VALUES (?, ?) RETURNING "users"."id", "users"."email"',
    })
  })

  test('WITH before INSERT: a CompileError on MySQL/MariaDB', () => {
    const node = insert({
      with: {
        kind: 'With',
        recursive: false,
        ctes: [{ kind: 'Cte', name: 'c', query: select({ columns: [val(1)] }) }],
      },
      select: select({ columns: [col('c', 'x'), col('c', 'y')], from: [ref('c')] }),
    })
    const sql = sqlOf(node)
    expect(sql.postgres).toBe(
      'WITH "c" AS (SELECT $1) INSERT INTO "users" ("email", "name") SELECT "c"."x", "c"."y" FROM "c"',
    )
    expect(sql.mysql).toMatch(
      /^ERROR: WITH before INSERT is not supported on MySQL\/MariaDB\. .*subquery/,
    )
  })
})

describe('update', () => {
  const set: N.UpdateNode['set'] = [
    ['name', val('N')],
    ['visits', { kind: 'Binary', op: '+', left: col('users', 'visits'), right: val(1) }],
  ]

  test('SET values and expressions, WHERE', () => {
    const node: N.UpdateNode = {
      kind: 'Update',
      table: users,
      set,
      from: [],
      where: eq(col('users', 'id'), val(7)),
    }
    const c = compiled(node)
    expect(c.postgres.sql).toBe(
      'UPDATE "users" SET "name" = $1, "visits" = "users"."visits" + $2 WHERE "users"."id" = $3',
    )
    expect(c.mysql.sql).toBe(
      'UPDATE `users` SET `name` = ?, `visits` = `users`.`visits` + ? WHERE `users`.`id` = ?',
    )
    expect(c.sqlite.kind).toBe('update')
  })

  test('update from another table: FROM on PostgreSQL and SQLite, a multi-table UPDATE on MySQL', () => {
    const node: N.UpdateNode = {
      kind: 'Update',
      table: users,
      set: [['name', col('o', 'name')]],
      from: [ref('orgs', 'o')],
      where: eq(col('o', 'id'), col('users', 'org_id')),
    }
    expect(sqlOf(node)).toEqual({
      postgres:
        'UPDATE "users" SET "name" = "o"."name" FROM "orgs" AS "o" WHERE "o"."id" = "users"."org_id"',
      mysql:
        'UPDATE `users`, `orgs` AS `o` SET `users`.`name` = `o`.`name` WHERE `o`.`id` = `users`.`org_id`',
      sqlite:
        'UPDATE "users" SET "name" = "o"."name" FROM "orgs" AS "o" WHERE "o"."id" = "users"."org_id"',
    })
  })

  test('RETURNING on update; a CompileError on MySQL/MariaDB that says what to do', () => {
    const node: N.UpdateNode = { kind: 'Update', table: users, set, from: [], returning: ret('id') }
    const sql = sqlOf(node)
    expect(sql.postgres).toBe(
      'UPDATE "users" SET "name" = $1, "visits" = "users"."visits" + $2 RETURNING "users"."id"',
    )
    expect(sql.sqlite).toBe(
      'UPDATE "users" SET "name" = ?, "visits" = "users"."visits" + ? RETURNING "users"."id"',
    )
    expect(sql.mysql).toBe(
      'ERROR: UPDATE ... RETURNING is not supported on MySQL/MariaDB. MariaDB returns rows from INSERT and DELETE only: run the update, then select the rows it changed in the same session.',
    )
  })
})

describe('delete', () => {
  test('WHERE and RETURNING', () => {
    const node: N.DeleteNode = {
      kind: 'Delete',
      table: users,
      where: eq(col('users', 'id'), val(1)),
      returning: ret('id'),
    }
    expect(sqlOf(node)).toEqual({
      postgres: 'DELETE FROM "users" WHERE "users"."id" = $1 RETURNING "users"."id"',
      mysql: 'DELETE FROM `users` WHERE `users`.`id` = ? RETURNING `users`.`id`',
      sqlite: 'DELETE FROM "users" WHERE "users"."id" = ? RETURNING "users"."id"',
    })
    expect(compiled(node).mysql.kind).toBe('delete')
  })
})

describe('raw SQL and named parameters', () => {
  test('the sql template binds its values; identifiers are quoted; raw text is kept', () => {
    const node: N.RawStatementNode = {
      kind: 'RawStatement',
      template: {
        kind: 'SqlTemplate',
        strings: ['select ', ' from ', ' where x = ', ' and ', ''],
        values: [
          { kind: 'Identifier', names: ['s', 'c"1'] },
          { kind: 'Identifier', names: ['t'] },
          val("'; drop table t; --"),
          { kind: 'RawText', text: 'true' },
        ],
      },
    }
    const c = compiled(node)
    expect(c.postgres.sql).toBe('select "s"."c""1" from "t" where x = $1 and true')
    expect(c.mysql.sql).toBe('select `s`.`c"1` from `t` where x = ? and true')
    expect(c.postgres.params).toEqual([{ kind: 'value', value: "'; drop table t; --" }])
    expect(c.postgres.kind).toBe('raw')
  })

  test('param() becomes a named slot in placeholder order; paramNames lists each name once', () => {
    const node = select({
      columns: [col('users', 'id')],
      from: [users],
      where: {
        kind: 'Logical',
        op: 'or',
        items: [
          eq(col('users', 'id'), param('id')),
          eq(col('users', 'email'), val('x')),
          eq(col('users', 'id'), param('id')),
        ],
      },
      limit: param('n'),
    })
    const c = compiled(node)
    expect(c.postgres.sql).toBe(
      'SELECT "users"."id" FROM "users" WHERE "users"."id" = $1 OR "users"."email" = $2 OR "users"."id" = $3 LIMIT $4',
    )
    expect(c.postgres.params).toEqual([
      { kind: 'named', name: 'id' },
      { kind: 'value', value: 'x' },
      { kind: 'named', name: 'id' },
      { kind: 'named', name: 'n' },
    ])
    expect(c.mysql.paramNames).toEqual(['id', 'n'])
  })

  test('slots carry the column type that selects the codec; the shape is passed through', () => {
    const type = { kind: 'timestamp', withTimeZone: false } as const
    const node = select({ columns: [{ kind: 'Value', value: new Date(0), type }] })
    const shape = [{ kind: 'value', type }] as const
    for (const [, c] of Object.entries(compiled(node)))
      expect(c.params[0]).toEqual({ kind: 'value', value: new Date(0), type })
    expect(compilePostgres(node, shape).shape).toBe(shape)
  })
})
