import {
  CheckViolationError,
  ForeignKeyViolationError,
  NakedSqlError,
  PoolTimeoutError,
  UniqueViolationError,
} from '@nakedsql/core'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

/** An error that already knows its HTTP status and the message the client sees. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

/**
 * One place turns errors into responses, by class: a database error arrives already
 * classified by nakedsql, so no handler ever inspects a message or a driver code.
 */
export function sendError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const [status, message] = statusOf(error)
  if (status >= 500) request.log.error(error)
  if (status === 503) reply.header('retry-after', '1')
  return reply.status(status).send({ error: message })
}

function statusOf(error: Error): [number, string] {
  if (error instanceof HttpError) return [error.status, error.message]
  // Fastify's own client errors: schema validation, malformed JSON, body too large.
  const statusCode = (error as FastifyError).statusCode
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return [statusCode, error.message]
  }
  if (error instanceof UniqueViolationError) return [409, 'That already exists.']
  if (error instanceof CheckViolationError) return [409, 'That would break a rule of the data.']
  if (error instanceof ForeignKeyViolationError) return [404, 'A referenced record does not exist.']
  // Serialization failures, deadlocks, a full pool: the client may simply try again.
  if (error instanceof PoolTimeoutError || (error instanceof NakedSqlError && error.retryable)) {
    return [503, 'The service is busy; retry shortly.']
  }
  return [500, 'Internal error.']
}
