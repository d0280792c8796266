import { Between, DataSource, type DataSourceOptions } from 'typeorm'
import type { WorkloadOps } from '../../contender.js'
import type { NewUser } from '../../data.js'
import { defineEntities, type TypeNames } from './entities.js'

const chunk = 1000

/** TypeORM writes generated ids back into the objects it inserts: it gets its own copies. */
const copies = (rows: readonly NewUser[]) => rows.map((row) => ({ ...row }))

/**
 * The workloads through TypeORM's repository and entity-manager API. TypeORM's `update` returns
 * no rows, so W6 updates and then finds, as its users do.
 */
export async function typeormOps(
  options: DataSourceOptions,
  types: TypeNames,
): Promise<WorkloadOps> {
  const { User, Post } = defineEntities(types)
  const dataSource = new DataSource({
    ...options,
    entities: [User, Post],
    synchronize: false,
    logging: false,
  } as DataSourceOptions)
  await dataSource.initialize()
  const users = dataSource.getRepository(User)
  const posts = dataSource.getRepository(Post)
  return {
    w1: (id) => users.findOneBy({ id }),
    w2: (from, to) => users.findBy({ id: Between(from, to) }),
    w3: () => users.find(),
    w4: (row) => dataSource.transaction((manager) => manager.insert(User, { ...row })),
    w5: (rows) => dataSource.transaction((manager) => manager.insert(User, copies(rows))),
    w6: (from, to, visits, score) =>
      dataSource.transaction(async (manager) => {
        await manager.update(User, { id: Between(from, to) }, { visits, score })
        return manager.findBy(User, { id: Between(from, to) })
      }),
    // TypeORM has no executemany: its bulk path is insert() with many entities.
    w7: (rows) =>
      dataSource.transaction(async (manager) => {
        for (let i = 0; i < rows.length; i += chunk) {
          await manager.insert(User, copies(rows.slice(i, i + chunk)))
        }
      }),
    w8: (from, to) => posts.find({ where: { id: Between(from, to) }, relations: { author: true } }),
    close: () => dataSource.destroy(),
  }
}
