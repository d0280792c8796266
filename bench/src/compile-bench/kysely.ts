import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'

type Table = { id: number; parent: number; name: string; body: string | null; created: Date }
type Db = Record<`t${number}`, Table>

/** Kysely's documented way to compile without a database: a DummyDriver per dialect. */
function compilerOnly(kind: 'postgres' | 'mysql' | 'sqlite'): Kysely<Db> {
  const parts = {
    postgres: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
  } as const
  const [Adapter, Introspector, Compiler] = parts[kind]
  return new Kysely<Db>({
    dialect: {
      createAdapter: () => new Adapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new Introspector(db),
      createQueryCompiler: () => new Compiler(),
    },
  })
}

export const kyselyDbs = {
  postgres: compilerOnly('postgres'),
  mysql: compilerOnly('mysql'),
  sqlite: compilerOnly('sqlite'),
}

export function kyselyTenJoins(db: Kysely<Db>, id: number) {
  let query = db.selectFrom('t0') as any
  for (let i = 1; i <= 10; i++) query = query.innerJoin(`t${i}`, `t${i}.parent`, `t${i - 1}.id`)
  const columns = Array.from({ length: 11 }, (_, i) => [
    `t${i}.name as n${i}`,
    `t${i}.id as i${i}`,
  ]).flat()
  return query.select(columns).where('t0.id', '=', id).compile()
}
