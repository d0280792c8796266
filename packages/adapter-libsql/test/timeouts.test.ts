import { createSessionFactory, sql, UnsupportedOptionError } from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import { libsqlAdapter } from '../src/index.js'

/* @libsql/client cannot interrupt a statement, so a statement timeout is refused. */

describe('statement timeouts on libSQL', () => {
  it('are declared unsupported and refused, per session and per statement', async () => {
    const db = createSessionFactory(libsqlAdapter({ url: ':memory:' }))
    expect(db.driver.capabilities.statementTimeout).toBe(false)
    await expect(db.begin(() => 1, { timeoutMs: 100 })).rejects.toBeInstanceOf(
      UnsupportedOptionError,
    )
    const one = sql<[number]>`SELECT 1`
    const value = await db.begin(async (s) => {
      await expect(s.execute(one, undefined, { timeoutMs: 100 })).rejects.toBeInstanceOf(
        UnsupportedOptionError,
      )
      return (await s.scalars(one)).one()
    })
    expect(value).toBe(1)
    await db.close()
  })
})
