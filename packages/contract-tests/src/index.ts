/**
 * The contract suite every nakedsql adapter must pass, registered with one function call
 * in a vitest test file. See the README.
 *
 * @packageDocumentation
 */
export { defineAdapterContract } from './contract.js'
export type { AdapterContractOptions } from './options.js'
