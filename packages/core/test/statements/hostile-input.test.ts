import { describe, expect, test } from 'vitest'
import {
  CompileError,
  compileMysql,
  compilePostgres,
  compileSqlite,
  createAll,
  enumOf,
  eq,
  InvalidValueError,
  inList,
  insert,
  integer,
  ParameterError,
  param,
  select,
  sql,
  sqlite,
  table,
  text,
  update,
  view,
} from '../../src/index.js'
import { ownBinder as createBinder } from '../session/own-binder.js'
import { users } from './schema.js'

/*
 * Values that come from outside the program (a parsed request body) must stay values. These
 * are the counterexamples the hostile-input properties in packages/hostile-tests found.
 */

/** What JSON.parse makes of a body crafted to look like a statement-tree node. */
const forged = () => JSON.parse('{"node":{"kind":"RawText","text":"1 = 1"}}') as string

describe('plain objects shaped like expressions', () => {
  test('are refused where a scalar belongs, instead of becoming SQL text', () => {
    expect(() => eq(users.email, forged())).toThrow(CompileError)
    expect(() => inList(users.email, [forged()])).toThrow(CompileError)
    expect(() => update(users).set({ name: forged() })).toThrow(CompileError)
    expect(() => sql`select ${forged()}`).toThrow(CompileError)
  })

  test('are bound as a document in a json column', () => {
    const doc = forged() as unknown as { tags: string[] }
    const { sql: text, params } = compilePostgres(
      insert(users)
        .values({ email: 'a', createdAt: new Date(0), meta: doc })
        .toNode(),
    )
    expect(text).not.toContain('1 = 1')
    expect(params.some((p) => p.kind === 'value' && p.value === doc)).toBe(true)
  })

  test('an object without a prototype is a value too', () => {
    const bare = Object.assign(Object.create(null) as object, {
      node: { kind: 'RawText', text: '1 = 1' },
    })
    expect(() =>
      select(users.id)
        .from(users)
        .where(eq(users.email, bare as unknown as string)),
    ).toThrow(CompileError)
  })
})

describe('identifiers no database stores unchanged', () => {
  const named = (name: string) => select(table(name, { a: text() })).toNode()

  test('a lone surrogate is refused on every dialect, instead of reaching the server as U+FFFD', () => {
    for (const compile of [compilePostgres, compileMysql, compileSqlite]) {
      expect(() => compile(named('a\uD800'))).toThrow(/lone UTF-16 surrogate/)
      expect(() => compile(named('\uDFFFb'))).toThrow(CompileError)
    }
  })

  test('a character beyond U+FFFF is refused on MySQL/MariaDB, whose names are utf8mb3', () => {
    expect(() => compileMysql(named('t😀'))).toThrow(/beyond U\+FFFF/)
    expect(compilePostgres(named('t😀')).sql).toContain('"t😀"')
    expect(compileSqlite(named('t😀')).sql).toContain('"t😀"')
  })
})

describe('limit and offset given through param()', () => {
  const query = select(users.id).from(users).limit(param<number>('n')).offset(param<number>('m'))

  test('a negative, fractional or missing row count is refused when bound (SQLite reads LIMIT -1 as no limit)', () => {
    const binder = createBinder(query.compile(sqlite), sqlite, 1000)
    expect(binder.bind({ n: 2, m: 0 })).toEqual([2, 0])
    for (const bad of [-1, 1.5, null, '1', Number.NaN, 2n]) {
      expect(() => binder.bind({ n: bad, m: 0 })).toThrow(InvalidValueError)
      expect(() => binder.bind({ n: 1, m: bad })).toThrow(InvalidValueError)
    }
  })

  test('an ordinary integer param still takes negative values', () => {
    const binder = createBinder(
      select(users.id)
        .from(users)
        .where(eq(users.id, param<number>('id')))
        .compile(sqlite),
      sqlite,
      1000,
    )
    expect(binder.bind({ id: -1 })).toEqual([-1])
  })
})

describe('named parameters', () => {
  test('a left-out parameter named like an inherited property is missing, not Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      const statement = insert(users).values({
        email: 'a',
        createdAt: new Date(0),
        meta: param(name),
      })
      const binder = createBinder(statement.compile(sqlite), sqlite, 1000)
      expect(() => binder.bind({})).toThrow(ParameterError)
      expect(() => binder.bind({ [name]: undefined })).toThrow(ParameterError)
      expect(binder.bind(Object.fromEntries([[name, { tags: [] }]]))).toContain('{"tags":[]}')
    }
  })
})

describe('untyped values', () => {
  test('a string with NUL or a lone surrogate is refused, as for a text column', () => {
    const binder = createBinder(sql`select ${param('v')}`.compile(sqlite), sqlite, 1000)
    expect(binder.bind({ v: "it's 𝄞" })).toEqual(["it's 𝄞"])
    expect(() => binder.bind({ v: 'a\0b' })).toThrow(InvalidValueError)
    expect(() => binder.bind({ v: 'a\uD800' })).toThrow(InvalidValueError)
  })
})

describe('DDL literals on MySQL/MariaDB', () => {
  test('a string with a backslash is spelled by its bytes, the same with or without NO_BACKSLASH_ESCAPES', () => {
    const t = table('t', { k: enumOf('kind', ['a\\b', "it's"]), v: text().default('\\') })
    const text_ = compileMysql(createAll([t]).at(-1)!.toNode()).sql
    expect(text_).toContain("ENUM(X'615c62', 'it''s')")
    expect(text_).toContain("DEFAULT (CONVERT(X'5c' USING utf8mb4))")
    expect(text_).not.toContain('\\')
  })

  test('a lone surrogate is refused in a DDL literal on every dialect', () => {
    const t = table('t', { v: text().default('a\uD800') })
    for (const compile of [compilePostgres, compileMysql, compileSqlite]) {
      expect(() => compile(createAll([t])[0]!.toNode())).toThrow(/lone UTF-16 surrogate/)
    }
  })
})

describe('column properties named like inherited properties', () => {
  const names = ['__proto__', 'constructor', 'toString']
  const t = table(
    't',
    Object.fromEntries([['id', integer().primaryKey()], ...names.map((n) => [n, text()] as const)]),
  )

  test('a table keeps a `__proto__` column instead of taking it as its prototype', () => {
    expect(Object.keys(t.$def.byProperty)).toEqual(['id', ...names])
    expect(compileSqlite(select(t).toNode()).sql).toBe(
      'SELECT "id", "__proto__", "constructor", "toString" FROM "t"',
    )
  })

  test('a view or subquery over them keeps every column', () => {
    const v = view('v', select(t))
    expect(Object.keys(v.$def.byProperty)).toEqual(['id', ...names])
    expect(Object.keys(select(t).as('s').$columns)).toEqual(['id', ...names])
  })

  test('an insert row without a `constructor` value leaves the column out', () => {
    const rows = [{ id: 1, constructor: 'a' }, { id: 2 }] as never
    const { params } = compileSqlite(insert(t).values(rows).toNode())
    expect(params.map((p) => (p.kind === 'value' ? p.value : undefined))).toEqual([1, 'a', 2, null])
  })
})
