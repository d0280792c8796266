import {
  CommitOutcomeUnknownError,
  createAll,
  createSessionFactory,
  insert,
  integer,
  QueryTimeoutError,
  type SessionFactory,
  select,
  sql,
  table,
} from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema, eventually } from './support.js'

/*
 * Finite waits on PostgreSQL: the server-side statement timeout (per session and per
 * statement) and the client-side COMMIT timeout.
 */

const notes = table('notes', { id: integer().primaryKey() })

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let db: SessionFactory

beforeAll(async () => {
  testSchema = await createTestSchema('pg_timeouts')
  // One connection, so every session below runs on the same backend.
  db = createSessionFactory(pgAdapter({ ...testSchema.options, max: 1 }))
  await db.begin(async (s) => {
    for (const statement of createAll([notes])) await s.execute(statement)
  })
})

afterAll(async () => {
  await db.close()
  await testSchema.drop()
})

const backendPid = (factory = db) =>
  factory.begin(async (s) => (await s.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one())
const showTimeout = sql<[string]>`SHOW statement_timeout`
const sleep = sql`SELECT pg_sleep(10)`

describe('server-side statement timeout', () => {
  it('a statement past its timeoutMs fails with QueryTimeoutError; the connection stays in the pool', async () => {
    const pid = await backendPid()
    const after = await db.begin(async (s) => {
      const error = await s
        .savepoint((sp) => sp.execute(sleep, undefined, { timeoutMs: 50 }))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect((error as QueryTimeoutError).code).toBe('57014')
      expect((error as QueryTimeoutError).phase).toBe('statement')
      // After the savepoint rolled back, the session goes on without the timeout.
      return (await s.scalars(showTimeout)).one()
    })
    expect(after).toBe('0')
    expect(await backendPid()).toBe(pid)
    expect(await db.begin(async (s) => (await s.scalars(showTimeout)).one())).toBe('0')
  })

  it('a session timeoutMs covers each of its statements; a statement may ask for another', async () => {
    const seen = await db.begin(
      async (s) => {
        const session = (await s.scalars(showTimeout)).one()
        const own = (await s.scalars(showTimeout, undefined, { timeoutMs: 2000 })).one()
        const back = (await s.scalars(showTimeout)).one()
        return [session, own, back]
      },
      { timeoutMs: 1500 },
    )
    expect(seen).toEqual(['1500ms', '2s', '1500ms'])
    const error = await db
      .begin((s) => s.execute(sleep), { timeoutMs: 50 })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QueryTimeoutError)
    // The setting was local to the transaction: the next session runs without it.
    expect(await db.begin(async (s) => (await s.scalars(showTimeout)).one())).toBe('0')
  })

  it('refuses a timeout that is not a positive finite number, before sending anything', async () => {
    await expect(db.begin(() => 1, { timeoutMs: 0 })).rejects.toThrow(RangeError)
    await expect(
      db.begin((s) => s.execute(showTimeout, undefined, { timeoutMs: Number.NaN })),
    ).rejects.toThrow(RangeError)
  })
})

describe('client-side COMMIT timeout', () => {
  it('a COMMIT with no answer in time is CommitOutcomeUnknownError, and pg_xact_status settles it', async () => {
    // A deferred constraint trigger runs at COMMIT: this one keeps COMMIT busy for a second.
    await testSchema.admin.query(`
      CREATE FUNCTION "${testSchema.schema}".slow_commit() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON "${testSchema.schema}".notes
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${testSchema.schema}".slow_commit();
    `)
    const impatient = createSessionFactory(pgAdapter({ ...testSchema.options, max: 1 }), {
      commitTimeoutMs: 50,
    })
    try {
      const pid = await backendPid(impatient)
      let txid = ''
      const error = await impatient
        .begin(async (s) => {
          txid = await s.transactionId()
          await s.execute(insert(notes).values({ id: 1 }))
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(CommitOutcomeUnknownError)
      expect((error as CommitOutcomeUnknownError).code).toBe('COMMIT_TIMEOUT')
      expect((error as CommitOutcomeUnknownError).phase).toBe('commit')
      // The connection was destroyed rather than pooled: the next session has a new backend.
      expect(await backendPid(impatient)).not.toBe(pid)
      // The documented check: the server decides, and the data agrees with it.
      let status: string | null = 'in progress'
      await eventually(async () => {
        const { rows } = await testSchema.admin.query('SELECT pg_xact_status($1::xid8) AS s', [
          txid,
        ])
        status = rows[0].s
        return status !== 'in progress'
      }, 'transaction settled')
      const written = await db.begin(async (s) =>
        (await s.scalars(select(notes.id).from(notes))).all(),
      )
      expect(written).toEqual(status === 'committed' ? [1] : [])
    } finally {
      await testSchema.admin.query(`DROP TRIGGER slow_commit ON "${testSchema.schema}".notes`)
      await impatient.close()
    }
  })
})
