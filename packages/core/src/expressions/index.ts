export * from './expression.js'
