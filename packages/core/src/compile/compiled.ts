import type { ValueNode } from '../ast/nodes.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnType } from '../schema/column-type.js'

/**
 * One parameter position in compiled SQL: either a value captured when the statement was
 * built, or a named `param()` filled in at execute time. `type` selects the codec that
 * encodes the value for the dialect; without it the value is bound as given (after the
 * dialect's checks for values no driver binds safely).
 */
export type ParamSlot =
  | {
      readonly kind: 'value'
      readonly value: unknown
      readonly type?: ColumnType
      /** Makes the value afresh for each binding (a column's `defaultFn`). */
      readonly generate?: () => unknown
    }
  | { readonly kind: 'named'; readonly name: string; readonly type?: ColumnType }

export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'ddl' | 'raw'

/**
 * A statement compiled for one dialect. Compiling never touches a driver; the session
 * encodes the slots into driver values and hands `sql` plus values to the connection.
 */
export interface CompiledStatement {
  readonly sql: string
  readonly params: readonly ParamSlot[]
  /**
   * For each slot, the Value node it was compiled from (undefined for a `param()`), so a
   * statement of the same shape can bind its own values into this SQL.
   */
  readonly sources: readonly (ValueNode | undefined)[]
  readonly kind: StatementKind
  /** How the returned columns map to result tuples; absent when nothing is returned. */
  readonly shape?: ResultShape
  /** Names of the `param()` placeholders, for the missing/extra parameter check. */
  readonly paramNames: readonly string[]
}
