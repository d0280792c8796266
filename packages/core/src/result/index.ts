export { type RowMapper, rowMapper, untypedRowMapper } from './mapper.js'
export { Result, ScalarResult, TupleResult } from './result.js'
export type * from './shape.js'
