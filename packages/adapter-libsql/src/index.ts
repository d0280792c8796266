export { type LibsqlAdapterOptions, libsqlAdapter } from './libsql-adapter.js'
