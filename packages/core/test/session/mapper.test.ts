import { describe, expect, test } from 'vitest'
import type { Codec, ColumnDef, Dialect, EntityShape, ResultShape } from '../../src/index.js'
import { rowMapper, sqlite, untypedRowMapper } from '../../src/index.js'
import { columnDef } from './fixtures/column-def.js'

const def = (name: string, kind: 'integer' | 'text' | 'boolean'): ColumnDef =>
  columnDef(name, { kind })

const userEntity = (extra: Partial<EntityShape> = {}): EntityShape => ({
  kind: 'entity',
  columns: [
    ['id', def('id', 'integer')],
    ['email', def('email', 'text')],
    ['active', def('active', 'boolean')],
  ],
  primaryKey: [0],
  ...extra,
})

describe('row mapper', () => {
  test('an entity becomes a plain object with decoded values', () => {
    const mapper = rowMapper([userEntity()], sqlite)
    const user = mapper.first([1n, 'a@x', 1n])
    expect(user).toEqual({ id: 1, email: 'a@x', active: true })
    expect(Object.getPrototypeOf(user)).toBe(Object.prototype)
  })

  test('a registered class gives instances made without calling the constructor', () => {
    let constructed = 0
    class User {
      id!: number
      email!: string
      constructor() {
        constructed++
      }
      get domain(): string {
        return this.email.split('@')[1]!
      }
    }
    const user = rowMapper([userEntity({ cls: User })], sqlite).first([1n, 'a@x.org', 0n])
    expect(user).toBeInstanceOf(User)
    expect((user as User).domain).toBe('x.org')
    expect(constructed).toBe(0)
  })

  test('a column named like a getter of the class becomes an own property, not a setter call', () => {
    class User {
      get email(): string {
        return 'from getter'
      }
    }
    const user = rowMapper([userEntity({ cls: User })], sqlite).first([1n, 'a@x', 0n]) as User
    expect(user.email).toBe('a@x')
    expect(Object.getPrototypeOf(user)).toBe(User.prototype)
  })

  test('columns named __proto__ and constructor never change the prototype', () => {
    const shape: ResultShape = [
      {
        kind: 'entity',
        columns: [
          ['__proto__', def('p', 'text')],
          ['constructor', def('c', 'text')],
        ],
        primaryKey: [],
      },
      { kind: 'bundle', fields: [['__proto__', { kind: 'value' }]] },
    ]
    const [entity, bundle] = rowMapper(shape, sqlite).tuple(['{"polluted":1}', 'x', 'y']) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ]
    expect(Object.getPrototypeOf(entity)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(entity, '__proto__')?.value).toBe('{"polluted":1}')
    expect(Object.getOwnPropertyDescriptor(entity, 'constructor')?.value).toBe('x')
    expect(Object.getPrototypeOf(bundle)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(bundle, '__proto__')?.value).toBe('y')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  test('an entity on the nullable side of an outer join with an all-NULL key is null', () => {
    const mapper = rowMapper([userEntity(), userEntity({ nullable: true })], sqlite)
    expect(mapper.tuple([1n, 'a@x', 1n, null, null, null])).toEqual([
      { id: 1, email: 'a@x', active: true },
      null,
    ])
    expect(mapper.tuple([1n, 'a@x', 1n, 2n, null, null])[1]).toEqual({
      id: 2,
      email: null,
      active: null,
    })
  })

  test('an entity not on a nullable side maps even when its key is NULL', () => {
    expect(rowMapper([userEntity()], sqlite).first([null, null, null])).toEqual({
      id: null,
      email: null,
      active: null,
    })
  })

  test('a nullable entity without a primary key is null only when every column is NULL', () => {
    const mapper = rowMapper([userEntity({ primaryKey: [], nullable: true })], sqlite)
    expect(mapper.first([null, null, null])).toBeNull()
    expect(mapper.first([null, 'a@x', null])).toEqual({ id: null, email: 'a@x', active: null })
  })

  test('values and bundles take consecutive columns', () => {
    const shape: ResultShape = [
      { kind: 'value', type: { kind: 'boolean' } },
      {
        kind: 'bundle',
        fields: [
          ['n', { kind: 'value', type: { kind: 'integer' } }],
          ['label', { kind: 'value' }],
        ],
      },
      { kind: 'value' },
    ]
    const mapper = rowMapper(shape, sqlite)
    expect(mapper.width).toBe(4)
    expect(mapper.tuple([0n, 5n, 'five', null])).toEqual([false, { n: 5, label: 'five' }, null])
    // What a driver is told about each column (ExecuteOptions.columnTypes).
    expect(mapper.columnTypes).toEqual([
      { kind: 'boolean' },
      { kind: 'integer' },
      undefined,
      undefined,
    ])
  })

  test('an entity has its columns as own enumerable properties in column order, NULL as null', () => {
    const user = rowMapper([userEntity()], sqlite).first([null, 'a@x', null]) as object
    expect(Object.keys(user)).toEqual(['id', 'email', 'active'])
    expect(Object.values(user)).toEqual([null, 'a@x', null])
  })

  test('a codec not made by defineCodec decodes through its own decode', () => {
    const tagged: Codec = { encode: (v) => v, decode: (v) => `<${String(v)}>` }
    const dialect: Dialect = { ...sqlite, codec: () => tagged }
    const mapper = rowMapper([userEntity(), { kind: 'value', type: { kind: 'text' } }], dialect)
    expect(mapper.tuple([1n, null, 'x', 'v'])).toEqual([
      { id: '<1>', email: null, active: '<x>' },
      '<v>',
    ])
  })

  test('one mapper per shape and dialect', () => {
    const shape: ResultShape = [userEntity()]
    expect(rowMapper(shape, sqlite)).toBe(rowMapper(shape, sqlite))
    expect(rowMapper([userEntity()], sqlite)).not.toBe(rowMapper(shape, sqlite))
  })

  test('untyped columns come back as the driver gave them, exact integers as numbers', () => {
    const mapper = untypedRowMapper(3, sqlite)
    expect(mapper.tuple([1n, 2n ** 60n, 'x'])).toEqual([1, 2n ** 60n, 'x'])
    expect(untypedRowMapper(3, sqlite)).toBe(mapper)
  })
})
