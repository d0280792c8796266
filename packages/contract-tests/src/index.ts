/**
 * The contract suite every nakedsql adapter must pass, registered with one function call
 * in a vitest test file. See the README.
 *
 * @packageDocumentation
 */
export { defineAdapterContract, defineSyncAdapterContract } from './contract.js'
export type {
  AdapterContractOptions,
  ContractOptionsBase,
  SyncAdapterContractOptions,
} from './options.js'
