export * from './base.js'
export * from './compile-error.js'
