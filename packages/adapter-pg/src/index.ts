export { type PgAdapterOptions, pgAdapter } from './pg-adapter.js'
export type { PgClient, PgPool } from './pg-types.js'
