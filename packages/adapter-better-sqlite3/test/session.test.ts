import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  count,
  createSessionFactory,
  eq,
  InvalidSessionStateError,
  insert,
  NoRowsError,
  ParameterError,
  param,
  ReadOnlyTransactionError,
  type SessionFactory,
  select,
  sql,
  TooManyRowsError,
  UniqueViolationError,
  UnsupportedOptionError,
  update,
} from '@nakedsql/core'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'
import { createSchema, users } from './schema.js'

let dir: string
let db: SessionFactory

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bs3-'))
  db = createSessionFactory(betterSqlite3Adapter({ filename: join(dir, 'test.db') }))
  await createSchema(db)
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

const addUser = (email: string) => insert(users).values({ email })
const emails = select(users.email).from(users).orderBy(users.email)

async function storedEmails(): Promise<string[]> {
  return db.begin(async (s) => (await s.scalars(emails)).all())
}

describe('begin', () => {
  test('commits when the callback returns and gives back its value', async () => {
    const value = await db.begin(async (s) => {
      await s.execute(addUser('a@x'))
      return 42
    })
    expect(value).toBe(42)
    expect(await storedEmails()).toEqual(['a@x'])
  })

  test('rolls back when the callback throws and rethrows the very same error', async () => {
    const error = new Error('boom')
    await expect(
      db.begin(async (s) => {
        await s.execute(addUser('a@x'))
        throw error
      }),
    ).rejects.toBe(error)
    expect(await storedEmails()).toEqual([])
  })

  test('autoCommit false rolls back unless the callback committed', async () => {
    const manual = createSessionFactory(betterSqlite3Adapter({ filename: join(dir, 'test.db') }), {
      autoCommit: false,
    })
    await manual.begin(async (s) => {
      await s.execute(addUser('dropped@x'))
    })
    await manual.begin(async (s) => {
      await s.execute(addUser('kept@x'))
      await s.commit()
    })
    await manual.close()
    expect(await storedEmails()).toEqual(['kept@x'])
  })

  test('commit() and rollback() end the session; later calls fail before anything is sent', async () => {
    let error: unknown
    await db.begin(async (s) => {
      await s.execute(addUser('a@x'))
      await s.commit()
      expect(s.state).toBe('committed')
      error = await s.execute(addUser('b@x')).catch((e: unknown) => e)
      await expect(s.commit()).rejects.toBeInstanceOf(InvalidSessionStateError)
      await expect(s.rollback()).rejects.toBeInstanceOf(InvalidSessionStateError)
    })
    expect(error).toBeInstanceOf(InvalidSessionStateError)
    expect(error).toMatchObject({ state: 'committed', requiredState: 'open', phase: 'statement' })
    expect(await storedEmails()).toEqual(['a@x'])
  })

  test('a session used after its callback returned fails with InvalidSessionStateError', async () => {
    const leaked = await db.begin(async (s) => s)
    await expect(leaked.execute(emails)).rejects.toBeInstanceOf(InvalidSessionStateError)
    expect(leaked.state).toBe('committed')
  })

  test('calls on one session run one after another in call order', async () => {
    await db.begin(async (s) => {
      const done = await Promise.all([
        s.execute(addUser('1@x')),
        s.execute(update(users).set({ name: 'first' }).where(eq(users.email, '1@x'))),
        s.scalars(select(users.name).from(users).where(eq(users.email, '1@x'))),
      ])
      expect(done[2].one()).toBe('first')
    })
  })

  test('statements not awaited when the callback returned never run after it: they fail and the transaction rolls back', async () => {
    let first: Promise<unknown> | undefined
    let second: Promise<unknown> | undefined
    const outcome = db.begin(async (s) => {
      first = s.execute(addUser('first@x'))
      second = s.execute(addUser('second@x'))
    })
    await expect(outcome).rejects.toBeInstanceOf(InvalidSessionStateError)
    await expect(first).rejects.toBeInstanceOf(InvalidSessionStateError)
    await expect(second).rejects.toBeInstanceOf(InvalidSessionStateError)
    expect(await storedEmails()).toEqual([])
    // The connection is clean for the next session.
    await db.begin(async (s) => s.execute(addUser('next@x')))
    expect(await storedEmails()).toEqual(['next@x'])
  })

  test('a driver error is classified, keeps the driver error as cause and the phase', async () => {
    await db.begin(async (s) => s.execute(addUser('a@x')))
    const error = await db.begin(async (s) => s.execute(addUser('a@x'))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UniqueViolationError)
    expect(error).toMatchObject({ phase: 'statement', code: 'SQLITE_CONSTRAINT_UNIQUE' })
    expect((error as Error).cause).toBeInstanceOf(Error)
  })
})

describe('db.session() with await using', () => {
  test('the end of the scope rolls back what was not committed', async () => {
    {
      await using s = await db.session()
      await s.execute(addUser('a@x'))
    }
    expect(await storedEmails()).toEqual([])
  })

  test('committed work stays', async () => {
    {
      await using s = await db.session()
      await s.execute(addUser('a@x'))
      await s.commit()
    }
    expect(await storedEmails()).toEqual(['a@x'])
  })
})

describe('options', () => {
  test('an isolation level the driver cannot honour is refused, never ignored', async () => {
    await expect(
      db.begin(async () => 1, { isolationLevel: 'read committed' }),
    ).rejects.toBeInstanceOf(UnsupportedOptionError)
    expect(await db.begin(async () => 1, { isolationLevel: 'serializable' })).toBe(1)
  })

  test('a read-only session refuses writes, and the next session may write', async () => {
    const error = await db
      .begin(async (s) => s.execute(addUser('a@x')), { readOnly: true })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReadOnlyTransactionError)
    await db.begin(async (s) => s.execute(addUser('b@x')))
    expect(await storedEmails()).toEqual(['b@x'])
  })
})

describe('savepoints', () => {
  test('a throwing savepoint rolls back only its own work', async () => {
    await db.begin(async (s) => {
      await s.execute(addUser('outer@x'))
      await expect(
        s.savepoint(async (sp) => {
          await sp.execute(addUser('inner@x'))
          throw new Error('inner failed')
        }),
      ).rejects.toThrow('inner failed')
      await s.savepoint(async (sp) => sp.execute(addUser('kept@x')))
    })
    expect(await storedEmails()).toEqual(['kept@x', 'outer@x'])
  })

  test('a savepoint still running when the callback returned rolls the whole session back', async () => {
    let inner: Promise<unknown> | undefined
    const outcome = db.begin(async (s) => {
      await s.execute(addUser('outer@x'))
      inner = s.savepoint(async (sp) => {
        await sp.execute(addUser('inner@x'))
        await new Promise((resolve) => setTimeout(resolve, 20))
        await sp.execute(addUser('late@x'))
      })
      // The savepoint is open and between two statements when this callback returns.
      await new Promise((resolve) => setTimeout(resolve, 5))
    })
    await expect(outcome).rejects.toBeInstanceOf(InvalidSessionStateError)
    await expect(inner).rejects.toBeInstanceOf(InvalidSessionStateError)
    expect(await storedEmails()).toEqual([])
  })

  test('a savepoint is closed after its callback', async () => {
    await db.begin(async (s) => {
      const sp = await s.savepoint(async (sp) => sp)
      await expect(sp.execute(emails)).rejects.toBeInstanceOf(InvalidSessionStateError)
    })
  })
})

describe('parameters and results', () => {
  const byEmail = select(users).where(eq(users.email, param('email')))

  test('named parameters bind; a missing or extra one is an error before anything is sent', async () => {
    await db.begin(async (s) => {
      await s.execute(addUser('a@x'))
      expect((await s.scalars(byEmail, { email: 'a@x' })).one().email).toBe('a@x')
      await expect(s.execute(byEmail)).rejects.toBeInstanceOf(ParameterError)
      await expect(s.execute(byEmail, {})).rejects.toThrow('Missing value for parameter "email"')
      await expect(s.execute(byEmail, { email: 'a@x', emial: 'typo' })).rejects.toThrow(
        'Unknown parameter "emial"',
      )
    })
  })

  test('one(), oneOrNull(), first() and all()', async () => {
    await db.begin(async (s) => {
      await s.execute(addUser('a@x'))
      await s.execute(addUser('b@x'))
      const none = await s.scalars(byEmail, { email: 'none' })
      expect(none.first()).toBeNull()
      expect(none.oneOrNull()).toBeNull()
      expect(() => none.one()).toThrow(NoRowsError)
      const both = await s.scalars(emails)
      expect(() => both.one()).toThrow(TooManyRowsError)
      expect(() => both.oneOrNull()).toThrow(TooManyRowsError)
      expect(both.first()).toBe('a@x')
      expect([...both]).toEqual(['a@x', 'b@x'])
      expect(both.rowCount).toBe(2)
    })
  })

  test('values decode by column type: booleans, bigint, json, timestamps', async () => {
    const at = new Date('2024-02-29T12:34:56.789Z')
    const row = await db.begin(async (s) => {
      await s.execute(
        insert(users).values({
          email: 'a@x',
          active: false,
          visits: 2n ** 60n,
          meta: { a: [1, 'ü'] },
          createdAt: at,
        }),
      )
      return (await s.scalars(select(users))).one()
    })
    expect(row).toEqual({
      id: 1,
      email: 'a@x',
      name: null,
      active: false,
      visits: 2n ** 60n,
      meta: { a: [1, 'ü'] },
      createdAt: at,
    })
  })

  test('integers past 2^53 stay exact in bigint columns and are refused in integer columns, whichever way the rows are read', async () => {
    const big = 2n ** 60n + 1n
    await db.begin(async (s) => {
      await s.execute(insert(users).values({ email: 'a@x', visits: big }))
    })
    // A result with a bigint column reads every integer exactly.
    expect(await db.scalar(select(users.visits, users.id).from(users))).toBe(big)
    expect((await db.tuples(select(users.id, users.visits).from(users))).all()).toEqual([[1, big]])
    // Written past the builder, which refuses an unsafe integer for an integer column.
    await db.begin(async (s) => {
      await s.execute(sql`update users set id = ${2n ** 60n}`)
    })
    // Only integer columns: read as numbers, and an unsafe one is refused, not rounded.
    await expect(db.scalar(select(users.id).from(users))).rejects.toThrow(/integer column/)
    await expect(db.scalars(select(users.id).from(users))).rejects.toThrow(/integer column/)
    await expect(
      db.begin(async (s) => (await s.scalars(select(users.id).from(users))).all()),
    ).rejects.toThrow(/declare the column as bigint\(\)/)
  })

  test('a count is a number', async () => {
    const n = await db.begin(async (s) => (await s.scalars(select(count()).from(users))).one())
    expect(n).toBe(0)
  })

  test('raw sql binds its values and returns value tuples', async () => {
    const rows = await db.begin(async (s) => (await s.tuples(sql`select ${1} + 1, ${'x'}`)).all())
    expect(rows).toEqual([[2, 'x']])
  })
})

describe('executemany', () => {
  const insertUser = insert(users).values({ email: param('email'), name: param('name') })

  test('inserts every parameter set and reports the count', async () => {
    const sets = Array.from({ length: 10_000 }, (_, i) => ({ email: `u${i}@x`, name: null }))
    const result = await db.begin(async (s) => s.execute(insertUser, sets))
    expect(result.rowCount).toBe(10_000)
    const n = await db.begin(async (s) => (await s.scalars(select(count()).from(users))).one())
    expect(n).toBe(10_000)
  })

  test('with RETURNING it returns the rows of every set, in order', async () => {
    const rows = await db.begin(async (s) =>
      (
        await s.scalars(insertUser.returning(users.email), [
          { email: 'a@x', name: 'A' },
          { email: 'b@x', name: 'B' },
          { email: 'c@x', name: null },
        ])
      ).all(),
    )
    expect(rows).toEqual(['a@x', 'b@x', 'c@x'])
  })

  test('a bad value in any set is refused before anything is sent', async () => {
    await expect(
      db.begin(async (s) =>
        s.execute(insertUser, [{ email: 'a@x', name: null }, { email: 'b@x' }]),
      ),
    ).rejects.toBeInstanceOf(ParameterError)
    expect(await storedEmails()).toEqual([])
  })
})
