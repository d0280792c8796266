import { describe, expectTypeOf, test } from 'vitest'
import {
  count,
  eq,
  type ScalarResult,
  type Session,
  type SessionFactory,
  type StatementRow,
  type SyncSession,
  type SyncSessionFactory,
  select,
} from '../../src/index.js'
import { posts, users } from '../statements/schema.js'

declare const db: SessionFactory
declare const session: Session
declare const syncDb: SyncSessionFactory
declare const syncSession: SyncSession

describe('what a session gives back', () => {
  const byId = select(users).where(eq(users.id, 1))
  type User = StatementRow<typeof byId>[0]

  test('scalars() gives the first element of every row', () => {
    expectTypeOf(db.scalars(byId)).resolves.toEqualTypeOf<ScalarResult<User>>()
    expectTypeOf(session.scalars(byId)).resolves.toEqualTypeOf<ScalarResult<User>>()
    expectTypeOf(syncDb.scalars(byId)).toEqualTypeOf<ScalarResult<User>>()
  })

  test('scalar() gives the first element of the first row, or null', () => {
    expectTypeOf(db.scalar(byId)).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(session.scalar(byId)).resolves.toEqualTypeOf<User | null>()
    expectTypeOf(syncDb.scalar(byId)).toEqualTypeOf<User | null>()
    expectTypeOf(syncSession.scalar(byId)).toEqualTypeOf<User | null>()
    expectTypeOf(db.scalar(select(count()).from(posts))).resolves.toEqualTypeOf<number | null>()
  })
})
