import 'reflect-metadata'
import {
  Column,
  type ColumnType,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm'

/** The column type names each TypeORM driver accepts for the bench columns. */
export interface TypeNames {
  readonly int: ColumnType
  readonly double: ColumnType
  readonly stamp: ColumnType
}

/**
 * The bench entities with decorators, as TypeORM users write them. The column types are
 * explicit (no `emitDecoratorMetadata` under esbuild) and differ per driver, so the classes are
 * made per database.
 */
export function defineEntities(types: TypeNames) {
  @Entity('users')
  class User {
    @PrimaryGeneratedColumn()
    id: number
    @Column({ type: 'varchar', length: 100 })
    name: string
    @Column({ type: 'text' })
    bio: string
    @Column({ type: types.int })
    visits: number
    @Column({ type: 'boolean' })
    active: boolean
    @Column({ type: types.double })
    score: number
    @Column({ type: types.stamp })
    joined: Date
    @Column({ type: 'text', nullable: true })
    note: string | null
  }

  @Entity('posts')
  class Post {
    @PrimaryGeneratedColumn()
    id: number
    @ManyToOne(() => User, { nullable: false })
    @JoinColumn({ name: 'author' })
    author: User
    @Column({ type: 'varchar', length: 200 })
    title: string
    @Column({ type: 'text' })
    body: string
    @Column({ type: 'boolean' })
    published: boolean
    @Column({ type: types.stamp })
    created: Date
  }

  return { User, Post }
}
