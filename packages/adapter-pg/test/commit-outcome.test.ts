import {
  createAll,
  createSessionFactory,
  InvalidSessionStateError,
  insert,
  integer,
  type SessionFactory,
  select,
  sql,
  TransactionAbortedError,
  table,
  UniqueViolationError,
} from '@nakedsql/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

/*
 * What a COMMIT really did on PostgreSQL: a COMMIT the server turned into a rollback is an
 * error, and session.transactionId() with pg_xact_status() tells an unknown outcome.
 */

const items = table('items', { id: integer().primaryKey() })

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let db: SessionFactory

beforeAll(async () => {
  testSchema = await createTestSchema('pg_commit')
  db = createSessionFactory(pgAdapter({ ...testSchema.options, max: 1 }))
  await db.begin(async (s) => {
    for (const statement of createAll([items])) await s.execute(statement)
  })
})

afterAll(async () => {
  await db.close()
  await testSchema.drop()
})

beforeEach(async () => {
  await testSchema.admin.query(`DELETE FROM "${testSchema.schema}".items`)
})

const ids = () =>
  db.begin(async (s) => (await s.scalars(select(items.id).from(items).orderBy(items.id))).all())
const backendPid = () =>
  db.begin(async (s) => (await s.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one())
const xactStatus = async (txid: string) =>
  (await testSchema.admin.query('SELECT pg_xact_status($1::xid8) AS s', [txid])).rows[0].s

describe('a COMMIT the server answered with ROLLBACK', () => {
  it('raises TransactionAbortedError when the callback swallowed a failed statement', async () => {
    const pid = await backendPid()
    const error = await db
      .begin(async (s) => {
        await s.execute(insert(items).values({ id: 1 }))
        // The duplicate fails and aborts the transaction; the code swallows the error.
        await s.execute(insert(items).values({ id: 1 })).catch(() => {})
        return 'looks fine'
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect((error as TransactionAbortedError).phase).toBe('commit')
    expect((error as TransactionAbortedError).code).toBe('25P02')
    expect(await ids()).toEqual([])
    // The connection was idle after the server's rollback, so it went back to the pool.
    expect(await backendPid()).toBe(pid)
  })

  it('raises it from an explicit session.commit() as well', async () => {
    const session = await db.session()
    await session.execute(insert(items).values({ id: 2 }))
    const failed = await session.execute(insert(items).values({ id: 2 })).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(UniqueViolationError)
    await expect(session.commit()).rejects.toBeInstanceOf(TransactionAbortedError)
    expect(session.state).toBe('failed')
    expect(await ids()).toEqual([])
  })
})

describe('session.transactionId()', () => {
  it('is the transaction id pg_xact_status reads: committed after commit, aborted after rollback', async () => {
    let committed = ''
    await db.begin(async (s) => {
      committed = await s.transactionId()
      expect(await s.transactionId()).toBe(committed)
      await s.execute(insert(items).values({ id: 3 }))
    })
    expect(committed).toMatch(/^\d+$/)
    expect(await xactStatus(committed)).toBe('committed')

    let rolledBack = ''
    await db
      .begin(async (s) => {
        rolledBack = await s.transactionId()
        throw new Error('undo')
      })
      .catch(() => {})
    expect(rolledBack).not.toBe(committed)
    expect(await xactStatus(rolledBack)).toBe('aborted')
  })

  it('is refused once the session has ended', async () => {
    const session = await db.session()
    await session.rollback()
    await expect(session.transactionId()).rejects.toBeInstanceOf(InvalidSessionStateError)
  })
})
