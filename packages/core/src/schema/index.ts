export * from './column-type.js'
export * from './column.js'
export * from './table.js'
export type * from './table-def.js'
