export type * from './contract.js'
export { integersMayBeNumbers } from './integer-reads.js'
