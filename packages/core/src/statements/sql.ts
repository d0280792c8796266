import type {
  ExprNode,
  IdentifierNode,
  RawStatementNode,
  RawTextNode,
  SqlTemplateNode,
} from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Aliased, type OrderBy } from '../expressions/expression.js'
import { isExpressionLike, valueNode } from '../expressions/operand.js'
import type { ColumnType } from '../schema/column-type.js'
import { Statement } from './statement.js'

type FragmentNode = SqlTemplateNode | IdentifierNode | RawTextNode

/**
 * Raw SQL from the `sql` tag. It is an expression (usable anywhere a builder takes one,
 * typed `T`) and a statement that runs as written. As a statement its shape is undefined:
 * nakedsql cannot know the columns up front, so the session returns each row as the
 * driver's value tuple, without codecs.
 *
 * @example
 * select(users.id, sql<number>`length(${users.email})`.as('len'))
 * await session.execute(sql`vacuum`)
 */
export class SqlFragment<T = unknown> extends Statement<readonly unknown[]> {
  declare readonly __type: T

  constructor(
    readonly node: FragmentNode,
    readonly type?: ColumnType,
  ) {
    super()
  }

  /** Labels the fragment in a select list. @example sql<number>`1`.as('one') */
  as<A extends string>(alias: A): Aliased<T, A> {
    return new Aliased<T, A>(this, alias)
  }

  /** Ascending order. @example .orderBy(sql`random()`.asc()) */
  asc(nulls?: 'first' | 'last'): OrderBy {
    return {
      node: Object.freeze({
        kind: 'OrderBy',
        expr: this.node,
        direction: 'asc',
        ...(nulls ? { nulls } : {}),
      }),
    }
  }

  /** Descending order. @example .orderBy(sql`score`.desc()) */
  desc(nulls?: 'first' | 'last'): OrderBy {
    return {
      node: Object.freeze({
        kind: 'OrderBy',
        expr: this.node,
        direction: 'desc',
        ...(nulls ? { nulls } : {}),
      }),
    }
  }

  /** The fragment as a whole statement. */
  toNode(): RawStatementNode {
    const template: SqlTemplateNode =
      this.node.kind === 'SqlTemplate'
        ? this.node
        : Object.freeze({
            kind: 'SqlTemplate',
            strings: Object.freeze(['', '']),
            values: Object.freeze([this.node]),
          })
    return Object.freeze({ kind: 'RawStatement', template })
  }

  /** Undefined: the columns of raw SQL are unknown until it runs. */
  get shape(): undefined {
    return undefined
  }
}

function template<T>(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment<T> {
  if (!Array.isArray(strings) || !('raw' in strings)) {
    throw new CompileError(
      'sql must be used as a tagged template, e.g. sql`select 1`. For raw text use sql.raw().',
    )
  }
  const outStrings: string[] = [strings[0]!]
  const outValues: ExprNode[] = []
  values.forEach((value, i) => {
    const next = strings[i + 1]!
    if (value instanceof SqlFragment && value.node.kind === 'SqlTemplate') {
      // A nested template is spliced in, so its values stay bound parameters.
      const inner = value.node
      outStrings[outStrings.length - 1] += inner.strings[0]!
      outValues.push(...inner.values)
      outStrings.push(...inner.strings.slice(1))
      outStrings[outStrings.length - 1] += next
    } else {
      outValues.push(
        isExpressionLike(value)
          ? value.node
          : valueNode(value, undefined, `sql template value ${i + 1}`),
      )
      outStrings.push(next)
    }
  })
  return new SqlFragment<T>(
    Object.freeze({
      kind: 'SqlTemplate',
      strings: Object.freeze(outStrings),
      values: Object.freeze(outValues),
    }),
  )
}

/**
 * Raw SQL as a tagged template. Every interpolated value is a bound parameter; columns,
 * expressions and nested `sql` fragments are inserted as SQL. Identifiers only through
 * `sql.identifier()`, unescaped text only through `sql.raw()`.
 *
 * @example
 * const minAge = 18
 * select(users).where(sql<boolean>`${users.age} >= ${minAge}`)
 */
export const sql = Object.assign(template, {
  /**
   * A quoted identifier, or a dotted chain of them: `sql.identifier('public', 'users')`.
   *
   * @example sql`select * from ${sql.identifier(tableName)}`
   */
  identifier(...names: string[]): SqlFragment<unknown> {
    if (names.length === 0 || names.some((n) => typeof n !== 'string' || n.length === 0)) {
      throw new CompileError('sql.identifier() takes one or more non-empty names.')
    }
    return new SqlFragment(Object.freeze({ kind: 'Identifier', names: Object.freeze([...names]) }))
  },
  /**
   * Text inserted into the SQL exactly as given: the escape hatch. Never pass user input.
   *
   * @example sql`select * from t order by id ${sql.raw(descending ? 'desc' : 'asc')}`
   */
  raw<T = unknown>(text: string): SqlFragment<T> {
    if (typeof text !== 'string') throw new CompileError('sql.raw() takes a string.')
    return new SqlFragment<T>(Object.freeze({ kind: 'RawText', text }))
  },
})
