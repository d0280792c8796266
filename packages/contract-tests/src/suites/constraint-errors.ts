import {
  CheckViolationError,
  type DatabaseError,
  ForeignKeyViolationError,
  gt,
  insert,
  integer,
  NotNullViolationError,
  select,
  table,
  text,
  UniqueViolationError,
  varchar,
} from '@nakedsql/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ContractContext, scalarsOf, useSchema } from '../context.js'

/** Driver errors reach the caller classified, with code, phase and the driver error as cause. */
export function constraintErrors(context: ContractContext): void {
  describe('error classification', () => {
    const owners = table(context.name('owners'), {
      id: integer().primaryKey(),
      email: varchar(100).notNull().unique(),
    })
    const pets = table(
      context.name('pets'),
      {
        id: integer().primaryKey(),
        ownerId: integer()
          .notNull()
          .references(() => owners.id),
        name: text().notNull(),
        legs: integer().notNull(),
      },
      (t) => ({ checks: [{ name: context.name('legs_positive'), expr: gt(t.legs, 0) }] }),
    )
    useSchema(context, () => [owners, pets])

    beforeAll(async () => {
      await context.run([
        insert(owners).values({ id: 1, email: 'a@example.com' }),
        insert(pets).values({ id: 1, ownerId: 1, name: 'Rex', legs: 4 }),
      ])
    })

    const cases = [
      [
        'a duplicate unique value',
        UniqueViolationError,
        () => insert(owners).values({ id: 2, email: 'a@example.com' }),
      ],
      [
        'a missing parent row',
        ForeignKeyViolationError,
        () => insert(pets).values({ id: 2, ownerId: 99, name: 'Tom', legs: 4 }),
      ],
      [
        'NULL in a NOT NULL column',
        NotNullViolationError,
        () => insert(pets).values({ id: 3, ownerId: 1, name: null as unknown as string, legs: 4 }),
      ],
      [
        'a failed CHECK',
        CheckViolationError,
        () => insert(pets).values({ id: 4, ownerId: 1, name: 'Nil', legs: 0 }),
      ],
    ] as const

    for (const [what, cls, statement] of cases) {
      it(`${what} raises ${cls.name} and rolls the session back`, async () => {
        const outcome = context.run([
          insert(owners).values({ id: 50, email: `${cls.name}@example.com` }),
          statement(),
        ])
        const error = (await outcome.then(
          () => undefined,
          (e: unknown) => e,
        )) as DatabaseError
        expect(error).toBeInstanceOf(cls)
        expect(error).toMatchObject({ phase: 'statement', retryable: false })
        expect(error.code).toEqual(expect.any(String))
        expect(error.cause).toBeInstanceOf(Object)
        expect(error.message).toContain(error.databaseMessage)
        expect(await scalarsOf(context, select(owners.id).from(owners))).toEqual([1])
      })
    }
  })
}
