export * from './base.js'
export * from './compile-error.js'
export * from './database-errors.js'
export * from './value-errors.js'
