export * from './statement.js'
