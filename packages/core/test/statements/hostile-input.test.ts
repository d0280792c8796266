import { describe, expect, test } from 'vitest'
import {
  CompileError,
  compileMysql,
  compilePostgres,
  compileSqlite,
  eq,
  inList,
  insert,
  select,
  sql,
  table,
  text,
  update,
} from '../../src/index.js'
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
        .where(eq(users.email, bare as string)),
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
