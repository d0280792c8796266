import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type * as N from '../../src/ast/nodes.js'
import { compileSqlite } from '../../src/compile/index.js'
import { integer, text } from '../../src/schema/column.js'
import { createAll } from '../../src/schema/ddl.js'
import { table } from '../../src/schema/table.js'
import { as, col, dialects, eq, param, ref, select, val } from './nodes.js'

/**
 * Any name a database could hold: up to 15 code points (60 bytes, under PostgreSQL's 63), no
 * NUL, no lone surrogate (UTF-8 cannot carry one; the compilers refuse them).
 */
const names = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 15 })
  .filter((s) => !s.includes('\0') && !/[\uD800-\uDFFF]/u.test(s))

/** MySQL/MariaDB names are utf8mb3: the MySQL compiler refuses characters beyond U+FFFF. */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u

const QUOTES = { postgres: '"', mysql: '`', sqlite: '"' } as const

/** Splits SQL into the text outside quoted identifiers and the unescaped identifiers. */
function parseIdentifiers(sql: string, quote: string): { skeleton: string; names: string[] } {
  let skeleton = ''
  const found: string[] = []
  let i = 0
  while (i < sql.length) {
    if (sql[i] !== quote) {
      skeleton += sql[i]
      i++
      continue
    }
    let name = ''
    i++
    for (;;) {
      if (i >= sql.length) throw new Error(`unterminated identifier in ${sql}`)
      if (sql[i] === quote) {
        if (sql[i + 1] === quote) {
          name += quote
          i += 2
          continue
        }
        i++
        break
      }
      name += sql[i]
      i++
    }
    found.push(name)
    skeleton += '<id>'
  }
  return { skeleton, names: found }
}

describe('properties', () => {
  test('an arbitrary identifier never escapes its quotes and parses back to itself', () => {
    fc.assert(
      fc.property(names, names, names, names, (tableName, alias, column, label) => {
        const node = select({
          columns: [as(col(alias, column), label)],
          from: [ref(tableName, alias)],
        })
        for (const [dialect, compile] of dialects) {
          if (
            dialect === 'mysql' &&
            [tableName, alias, column, label].some((n) => ASTRAL.test(n))
          ) {
            expect(() => compile(node)).toThrow(/beyond U\+FFFF/)
            continue
          }
          const parsed = parseIdentifiers(compile(node).sql, QUOTES[dialect])
          // SQLite names the columns of a one-table select bare.
          if (dialect === 'sqlite') {
            expect(parsed.skeleton).toBe('SELECT <id> AS <id> FROM <id> AS <id>')
            expect(parsed.names).toEqual([column, label, tableName, alias])
            continue
          }
          expect(parsed.skeleton).toBe('SELECT <id>.<id> AS <id> FROM <id> AS <id>')
          expect(parsed.names).toEqual([alias, column, label, tableName, alias])
        }
      }),
      { numRuns: 300 },
    )
  })

  test('an arbitrary column name survives a real SQLite round trip through DDL, insert and select', () => {
    const db = new Database(':memory:')
    fc.assert(
      // SQLite folds ASCII case, so a column spelled like `id` would collide with it.
      fc.property(
        names.filter((n) => n.toLowerCase() !== 'id'),
        names,
        (columnName, label) => {
          const t = table('prop_t', { id: integer().primaryKey(), v: text().named(columnName) })
          const [create] = createAll([t])
          db.exec('DROP TABLE IF EXISTS prop_t')
          db.exec(compileSqlite(create!.toNode()).sql)
          const insert = compileSqlite({
            kind: 'Insert',
            table: ref('prop_t'),
            columns: ['id', columnName],
            rows: [[val(1), val(label)]],
          })
          db.prepare(insert.sql).run(
            ...insert.params.map((p) => (p.kind === 'value' ? p.value : null)),
          )
          const query = compileSqlite(
            select({ columns: [as(col('prop_t', columnName), label)], from: [ref('prop_t')] }),
          )
          const stmt = db.prepare(query.sql)
          expect(stmt.columns().map((c) => c.name)).toEqual([label])
          expect(stmt.raw(true).all()).toEqual([[label]])
        },
      ),
      { numRuns: 200 },
    )
    db.close()
  })

  const values = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.date({ noInvalidDate: true }),
    fc.uint8Array(),
    fc.jsonValue(),
  )

  /** A statement with values in every kind of position; its shape depends only on `list.length`. */
  function statements(v: readonly unknown[], list: readonly unknown[]): N.StatementNode[] {
    const [a, b, c, d, e] = v
    return [
      select({
        columns: [col('t', 'x'), as(val(a), 'lit')],
        from: [ref('t')],
        where: {
          kind: 'Logical',
          op: 'and',
          items: [
            eq(col('t', 'x'), val(b)),
            { kind: 'In', expr: col('t', 'y'), list: list.map(val), negated: false },
            {
              kind: 'Like',
              expr: col('t', 'z'),
              pattern: val(c),
              caseInsensitive: true,
              negated: false,
            },
            eq(col('t', 'p'), param('p')),
          ],
        },
        limit: val(d),
        offset: val(e),
      }),
      {
        kind: 'Insert',
        table: ref('t'),
        columns: ['x', 'y'],
        rows: [
          [val(a), val(b)],
          [val(c), val(d)],
        ],
      },
      {
        kind: 'Update',
        table: ref('t'),
        set: [['x', val(a)]],
        from: [],
        where: eq(col('t', 'y'), val(b)),
      },
      {
        kind: 'RawStatement',
        template: {
          kind: 'SqlTemplate',
          strings: ['select ', ' where ', ''],
          values: [val(a), val(b)],
        },
      },
    ]
  }

  test('values never reach the SQL text: the text depends only on the shape, every value is a slot', () => {
    fc.assert(
      fc.property(
        fc.array(values, { minLength: 5, maxLength: 5 }),
        fc.array(values, { maxLength: 4 }),
        (v, list) => {
          const reference = statements(
            [0, 0, 0, 0, 0],
            list.map(() => 0),
          )
          statements(v, list).forEach((node, i) => {
            for (const [, compile] of dialects) {
              const out = compile(node)
              const expected = compile(reference[i]!)
              expect(out.sql).toBe(expected.sql)
              const bound = out.params
                .filter((p) => p.kind === 'value')
                .map((p) => (p.kind === 'value' ? p.value : undefined))
              for (const value of bound)
                expect(
                  (v as unknown[]).includes(value) || (list as unknown[]).includes(value),
                ).toBe(true)
              expect(bound).toHaveLength(expected.params.filter((p) => p.kind === 'value').length)
            }
          })
        },
      ),
      { numRuns: 300 },
    )
  })
})
