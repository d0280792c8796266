export type * from './shape.js'
