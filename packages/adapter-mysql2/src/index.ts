export { type Mysql2AdapterOptions, mysql2Adapter } from './mysql2-adapter.js'
export type { ServerInfo } from './server-info.js'
