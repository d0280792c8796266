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
import { type ContractContext, scalarsOf } from '../context.js'

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
      await context.run(createAll(relations))
      try {
        await context.run([
          insert(teams).values({ id: 1, name: 'Reds' }),
          insert(players).values([
            { id: 1, teamId: 1, name: 'Ada' },
            { id: 2, teamId: 1, name: 'Bo', active: false },
          ]),
        ])
        expect(await scalarsOf(context, select(activePlayers))).toStrictEqual([
          { id: 1, teamId: 1, name: 'Ada', active: true },
        ])
      } finally {
        await context.run(dropAll(relations))
      }
      await expect(context.run([select(teams)])).rejects.toBeInstanceOf(DatabaseError)
    })
  })
}
