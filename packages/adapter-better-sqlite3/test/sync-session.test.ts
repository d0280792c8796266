import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  count,
  createAll,
  createSyncSessionFactory,
  eq,
  InvalidSessionStateError,
  insert,
  ParameterError,
  PoolTimeoutError,
  param,
  ReadOnlyTransactionError,
  type SyncSessionFactory,
  select,
  UniqueViolationError,
  UnsupportedOptionError,
} from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { betterSqlite3SyncAdapter } from '../src/index.js'
import { schema, users } from './schema.js'

let dir: string
let db: SyncSessionFactory

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bs3-sync-'))
  db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: join(dir, 'test.db') }))
  db.begin((s) => {
    for (const statement of createAll(schema)) s.execute(statement)
  })
})

afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const addUser = (email: string) => insert(users).values({ email })
const emails = select(users.email).from(users).orderBy(users.email)
const storedEmails = () => db.begin((s) => s.scalars(emails).all())

describe('sync begin', () => {
  test('commits when the callback returns and gives back its value', () => {
    expect(db.begin((s) => s.execute(addUser('a@x')).rowCount)).toBe(1)
    expect(storedEmails()).toEqual(['a@x'])
  })

  test('rolls back when the callback throws and rethrows the very same error', () => {
    const error = new Error('boom')
    expect(() =>
      db.begin((s) => {
        s.execute(addUser('a@x'))
        throw error
      }),
    ).toThrow(error)
    expect(storedEmails()).toEqual([])
  })

  test('an async callback is refused and rolled back: its awaits would run outside the transaction', async () => {
    let later: Promise<unknown> | undefined
    expect(() =>
      db.begin(async (s) => {
        s.execute(addUser('before@x'))
        await null
        later = Promise.resolve()
          .then(() => s.execute(addUser('after@x')))
          .catch((e: unknown) => e)
      }),
    ).toThrow(InvalidSessionStateError)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await later).toBeInstanceOf(InvalidSessionStateError)
    expect(storedEmails()).toEqual([])
  })

  test('autoCommit false rolls back unless the callback committed', () => {
    db.close()
    db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: join(dir, 'test.db') }), {
      autoCommit: false,
    })
    db.begin((s) => s.execute(addUser('dropped@x')))
    db.begin((s) => {
      s.execute(addUser('kept@x'))
      s.commit()
    })
    expect(db.begin((s) => s.scalars(emails).all())).toEqual(['kept@x'])
  })

  test('a closed session refuses every call', () => {
    const leaked = db.begin((s) => s)
    expect(() => leaked.execute(emails)).toThrow(InvalidSessionStateError)
    expect(() => leaked.commit()).toThrow(InvalidSessionStateError)
    expect(leaked.state).toBe('committed')
  })

  test('a session opened inside another cannot wait for the one connection', () => {
    expect(() => db.begin(() => db.begin(() => 1))).toThrow(PoolTimeoutError)
    expect(db.begin(() => 2)).toBe(2)
  })

  test('after a lost connection no COMMIT is sent: the failure is definite', () => {
    const database = new Database(':memory:')
    const lost = createSyncSessionFactory(betterSqlite3SyncAdapter({ database }))
    let error: unknown
    try {
      lost.begin((s) => {
        database.close()
        expect(() => s.execute(emails)).toThrow(ConnectionLostError)
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).not.toBeInstanceOf(CommitOutcomeUnknownError)
    expect(error).toMatchObject({ phase: 'commit' })
    lost.close()
  })

  test('driver errors are classified', () => {
    db.begin((s) => s.execute(addUser('a@x')))
    expect(() => db.begin((s) => s.execute(addUser('a@x')))).toThrow(UniqueViolationError)
  })
})

describe('sync session options, savepoints, using', () => {
  test('read-only sessions refuse writes; other isolation levels are refused', () => {
    expect(() => db.begin((s) => s.execute(addUser('a@x')), { readOnly: true })).toThrow(
      ReadOnlyTransactionError,
    )
    expect(() => db.begin(() => 1, { isolationLevel: 'read committed' })).toThrow(
      UnsupportedOptionError,
    )
    db.begin((s) => s.execute(addUser('b@x')))
    expect(storedEmails()).toEqual(['b@x'])
  })

  test('a throwing savepoint rolls back only its work', () => {
    db.begin((s) => {
      s.execute(addUser('outer@x'))
      expect(() =>
        s.savepoint((sp) => {
          sp.execute(addUser('inner@x'))
          throw new Error('inner')
        }),
      ).toThrow('inner')
      s.savepoint((sp) => sp.execute(addUser('kept@x')))
    })
    expect(storedEmails()).toEqual(['kept@x', 'outer@x'])
  })

  test('using rolls back what was not committed', () => {
    {
      using s = db.session()
      s.execute(addUser('a@x'))
    }
    expect(storedEmails()).toEqual([])
  })

  test('executemany with parameter checks', () => {
    const insertUser = insert(users).values({ email: param('email') })
    const sets = Array.from({ length: 1000 }, (_, i) => ({ email: `u${i}@x` }))
    expect(db.begin((s) => s.execute(insertUser, sets).rowCount)).toBe(1000)
    expect(() => db.begin((s) => s.execute(insertUser, [{ mail: 'x' }]))).toThrow(ParameterError)
    expect(db.begin((s) => s.scalars(select(count()).from(users)).one())).toBe(1000)
    expect(
      db.begin((s) => s.scalars(select(users).where(eq(users.email, 'u7@x'))).one().email),
    ).toBe('u7@x')
  })
})

describe('sync close and stats', () => {
  test('stats() counts the open session; close() rolls it back and its later calls say why', () => {
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    const session = db.session()
    session.execute(addUser('open@x'))
    expect(db.stats()).toEqual({ idle: 0, inUse: 1, waiting: 0, sessions: 1 })
    db.close()
    expect(session.state).toBe('rolled back')
    expect(() => session.execute(addUser('late@x'))).toThrow(
      /factory was closed while this session was open/,
    )
    expect(() => db.session()).toThrow(InvalidSessionStateError)
    const check = new Database(join(dir, 'test.db'))
    try {
      expect(check.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 })
    } finally {
      check.close()
    }
  })
})
