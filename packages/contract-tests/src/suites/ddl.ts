import {
  boolean,
  createAll,
  DatabaseError,
  dropAll,
  eq,
  insert,
  integer,
  select,
  table,
  text,
  view,
} from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import type { ContractContext } from '../context.js'

/** createAll / dropAll: tables, a foreign key and a view, in dependency order. */
export function ddl(context: ContractContext): void {
  describe('DDL', () => {
    it('createAll creates tables and a view that is queried like a table; dropAll removes them', async () => {
      const teams = table(context.name('teams'), {
        id: integer().primaryKey(),
        name: text().notNull(),
      })
      const players = table(context.name('players'), {
        id: integer().primaryKey(),
        teamId: integer()
          .notNull()
          .references(() => teams.id),
        name: text().notNull(),
        active: boolean().notNull().default(true),
      })
      const activePlayers = view(
        context.name('active_players'),
        select(players).where(eq(players.active, true)),
      )
      // Given in reverse: createAll orders by dependency.
      const relations = [activePlayers, players, teams]
      const db = context.factory()
      await db.begin(async (s) => {
        for (const statement of createAll(relations)) await s.execute(statement)
      })
      try {
        await db.begin(async (s) => {
          await s.execute(insert(teams).values({ id: 1, name: 'Reds' }))
          await s.execute(
            insert(players).values([
              { id: 1, teamId: 1, name: 'Ada' },
              { id: 2, teamId: 1, name: 'Bo', active: false },
            ]),
          )
        })
        const active = await db.begin(async (s) => (await s.scalars(select(activePlayers))).all())
        expect(active).toStrictEqual([{ id: 1, teamId: 1, name: 'Ada', active: true }])
      } finally {
        await db.begin(async (s) => {
          for (const statement of dropAll(relations)) await s.execute(statement)
        })
      }
      const gone = db.begin((s) => s.scalars(select(teams)))
      await expect(gone).rejects.toBeInstanceOf(DatabaseError)
    })
  })
}
