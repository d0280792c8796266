/**
 * The portable column types. One schema serves every dialect: a dialect turns a
 * `ColumnType` into its DDL type name and picks the codec that makes the value identical
 * in JavaScript on every database.
 */
export type ColumnType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'numeric'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'text' }
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'date' }
  | { readonly kind: 'time' }
  | { readonly kind: 'timestamp'; readonly withTimeZone: boolean }
  | { readonly kind: 'json' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] }

export type ColumnTypeKind = ColumnType['kind']

/** The JavaScript value a column type maps to, the same on every database. */
export interface JsTypeOf {
  integer: number
  bigint: bigint
  real: number
  double: number
  numeric: string
  boolean: boolean
  text: string
  varchar: string
  uuid: string
  date: string
  time: string
  timestamp: Date
  json: unknown
  blob: Uint8Array
  enum: string
}
