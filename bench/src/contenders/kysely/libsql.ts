import { createClient } from '@libsql/client'
import { LibsqlDialect } from '@libsql/kysely-libsql'
import { Kysely } from 'kysely'
import type { OpenContender } from '../../contender.js'
import { sqliteTimestamp } from '../../data.js'
import { libsqlUrl } from '../connection.js'
import { type Database, kyselyOps } from './common.js'

type DialectClient = ConstructorParameters<typeof LibsqlDialect>[0] & { client: unknown }

/**
 * The dialect is handed the same @libsql/client version every other contender uses; its own
 * dependency is an older one, whose Client type differs only in `sync()`'s result.
 */
export const open: OpenContender = async ({ target }) => {
  const client = createClient({ url: libsqlUrl(target) }) as unknown as DialectClient['client']
  const db = new Kysely<Database<number, string>>({
    dialect: new LibsqlDialect({ client } as DialectClient),
  })
  return kyselyOps(db, {
    updateReturns: true,
    toRow: (row) => ({ ...row, active: row.active ? 1 : 0, joined: sqliteTimestamp(row.joined) }),
  })
}
