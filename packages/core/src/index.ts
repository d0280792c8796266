/**
 * nakedsql core: schema, statements, dialect compilers, sessions and result mapping.
 * Install it with one adapter package; see the README.
 *
 * @packageDocumentation
 */
export * from './ast/index.js'
export * from './codecs/index.js'
export * from './compile/index.js'
export * from './dialect/index.js'
export * from './driver/index.js'
export * from './errors/index.js'
export * from './expressions/index.js'
export * from './result/index.js'
export * from './schema/index.js'
export * from './session/index.js'
export * from './statements/index.js'
