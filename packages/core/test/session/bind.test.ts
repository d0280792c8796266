import { describe, expect, test } from 'vitest'
import type { CompiledStatement, ParamSlot } from '../../src/index.js'
import { InvalidValueError, ParameterError, sqlite } from '../../src/index.js'
import { ownBinder as createBinder } from './own-binder.js'

const compiled = (params: ParamSlot[]): CompiledStatement => ({
  sql: 'select 1',
  params,
  sources: params.map(() => undefined),
  kind: 'raw',
  paramNames: params.flatMap((p) => (p.kind === 'named' ? [p.name] : [])),
})

describe('parameter binding', () => {
  const statement = compiled([
    { kind: 'value', value: true, type: { kind: 'boolean' } },
    { kind: 'named', name: 'id', type: { kind: 'bigint' } },
    { kind: 'named', name: 'id', type: { kind: 'bigint' } },
    { kind: 'named', name: 'label' },
  ])
  const binder = createBinder(statement, sqlite, 100)

  test('captured values and named parameters encode through the codecs, in slot order', () => {
    expect(binder.bind({ id: 5n, label: 'x' })).toEqual([1, 5n, 5n, 'x'])
    expect(binder.bind({ id: 5n, label: null })).toEqual([1, 5n, 5n, null])
  })

  test('a missing parameter is an error naming it, never NULL', () => {
    expect(() => binder.bind({ label: 'x' })).toThrow(ParameterError)
    expect(() => binder.bind({ label: 'x' })).toThrow('"id"')
    expect(() => binder.bind({ id: undefined, label: 'x' })).toThrow('"id"')
    expect(() => binder.bind(undefined)).toThrow(ParameterError)
  })

  test('an extra parameter is an error naming it', () => {
    expect(() => binder.bind({ id: 1n, label: 'x', lable: 'y' })).toThrow('"lable"')
    const none = createBinder(compiled([]), sqlite, 100)
    expect(none.bind(undefined)).toEqual([])
    expect(none.bind({})).toEqual([])
    expect(() => none.bind({ id: 1 })).toThrow('Unknown parameter "id"')
  })

  test('parameters must be an object', () => {
    expect(() => binder.bind('id' as never)).toThrow(ParameterError)
  })

  test('values a driver cannot bind safely are refused before sending', () => {
    expect(() => binder.bind({ id: 1n, label: { a: 1 } })).toThrow(InvalidValueError)
    expect(() => binder.bind({ id: 1n, label: Number.NaN })).toThrow(InvalidValueError)
    expect(() => binder.bind({ id: 'x', label: 'x' })).toThrow(InvalidValueError)
  })

  test('a statement with more values than the driver accepts is refused with advice', () => {
    const many = compiled(Array.from({ length: 11 }, () => ({ kind: 'value', value: 1 }) as const))
    expect(() => createBinder(many, sqlite, 10)).toThrow(/binds 11 values .* at most 10/)
  })
})
