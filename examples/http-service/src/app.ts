import {
  add,
  and,
  CheckViolationError,
  deleteFrom,
  eq,
  ForeignKeyViolationError,
  insert,
  type SessionFactory,
  select,
  sub,
  UniqueViolationError,
  update,
} from '@nakedsql/core'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { HttpError, sendError } from './http-errors.js'
import { books, loans, users } from './schema.js'

const id = { type: 'integer', minimum: 1 } as const
const idParams = { type: 'object', required: ['id'], properties: { id } } as const
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const

/**
 * The reading-list API. It gets the process's one `SessionFactory`; every request runs in
 * exactly one session (`db.begin`), which commits when the handler's work succeeds and
 * rolls back when it throws. Closing the app closes the factory, after in-flight requests.
 */
export function buildApp(
  db: SessionFactory,
  // Warnings and errors only: every 500 is logged with its cause, routine requests are not.
  { logger = { level: 'warn' } }: { logger?: FastifyServerOptions['logger'] } = {},
): FastifyInstance {
  const app = Fastify({ logger })
  app.setErrorHandler(sendError)
  // While closing, answers end their keep-alive connections, so that the server is not held
  // open by clients that would otherwise keep an idle connection for the next request.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
  app.addHook('onClose', () => db.close())

  app.get('/health', async () => ({ ok: true }))

  app.post(
    '/users',
    {
      schema: {
        body: {
          type: 'object',
          required: ['name', 'email'],
          properties: { name: text(100), email: text(255) },
        },
      },
    },
    async (request, reply) => {
      const { name, email } = request.body as { name: string; email: string }
      const user = await db.begin(async (session) => {
        try {
          return (
            await session.scalars(insert(users).values({ name, email }).returning(users))
          ).one()
        } catch (error) {
          if (error instanceof UniqueViolationError) {
            throw new HttpError(409, `A user with email ${email} already exists.`)
          }
          throw error
        }
      })
      return reply.status(201).send(user)
    },
  )

  app.get('/users/:id', { schema: { params: idParams } }, async (request) => {
    const { id: userId } = request.params as { id: number }
    const user = await db.begin(async (session) =>
      (await session.scalars(select(users).where(eq(users.id, userId)))).oneOrNull(),
    )
    if (!user) throw new HttpError(404, `No user ${userId}.`)
    return user
  })

  app.post(
    '/books',
    {
      schema: {
        body: {
          type: 'object',
          required: ['title', 'author', 'copies'],
          properties: {
            title: text(200),
            author: text(100),
            copies: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    async (request, reply) => {
      const { title, author, copies } = request.body as {
        title: string
        author: string
        copies: number
      }
      const book = await db.begin(async (session) =>
        (
          await session.scalars(
            insert(books).values({ title, author, stock: copies }).returning(books),
          )
        ).one(),
      )
      return reply.status(201).send(book)
    },
  )

  app.get('/books', async () =>
    db.begin(async (session) =>
      (await session.scalars(select(books).orderBy(books.title, books.id))).all(),
    ),
  )

  app.get('/books/:id', { schema: { params: idParams } }, async (request) => {
    const { id: bookId } = request.params as { id: number }
    const book = await db.begin(async (session) =>
      (await session.scalars(select(books).where(eq(books.id, bookId)))).oneOrNull(),
    )
    if (!book) throw new HttpError(404, `No book ${bookId}.`)
    return book
  })

  app.get('/users/:id/loans', { schema: { params: idParams } }, async (request) => {
    const { id: userId } = request.params as { id: number }
    const rows = await db.begin(async (session) =>
      (
        await session.tuples(
          select(loans, books)
            .from(loans)
            .innerJoin(books, eq(books.id, loans.bookId))
            .where(eq(loans.userId, userId))
            .orderBy(loans.borrowedAt, loans.id),
        )
      ).all(),
    )
    return rows.map(([loan, book]) => ({ ...loan, book }))
  })

  // Borrowing takes a copy off the shelf and records the loan in one transaction. The
  // database decides every race: the CHECK on stock refuses the copy that is not there and
  // the unique index refuses a second loan of the same book, whatever runs concurrently.
  app.post(
    '/users/:id/loans',
    {
      schema: {
        params: idParams,
        body: { type: 'object', required: ['bookId'], properties: { bookId: id } },
      },
    },
    async (request, reply) => {
      const { id: userId } = request.params as { id: number }
      const { bookId } = request.body as { bookId: number }
      const loan = await db.begin(async (session) => {
        try {
          const taken = await session.execute(
            update(books)
              .set({ stock: sub(books.stock, 1) })
              .where(eq(books.id, bookId)),
          )
          if (taken.rowCount === 0) throw new HttpError(404, `No book ${bookId}.`)
          await session.execute(insert(loans).values({ userId, bookId }))
        } catch (error) {
          if (error instanceof CheckViolationError) {
            throw new HttpError(409, `No copy of book ${bookId} is left.`)
          }
          if (error instanceof UniqueViolationError) {
            throw new HttpError(409, `User ${userId} already has book ${bookId}.`)
          }
          // The book row exists (the update found it), so the missing row is the user.
          if (error instanceof ForeignKeyViolationError) {
            throw new HttpError(404, `No user ${userId}.`)
          }
          throw error
        }
        const [row] = (
          await session.tuples(
            select(loans, books)
              .from(loans)
              .innerJoin(books, eq(books.id, loans.bookId))
              .where(and(eq(loans.userId, userId), eq(loans.bookId, bookId))),
          )
        ).all()
        return { ...row![0], book: row![1] }
      })
      return reply.status(201).send(loan)
    },
  )

  app.delete(
    '/users/:id/loans/:bookId',
    {
      schema: {
        params: { type: 'object', required: ['id', 'bookId'], properties: { id, bookId: id } },
      },
    },
    async (request, reply) => {
      const { id: userId, bookId } = request.params as { id: number; bookId: number }
      await db.begin(async (session) => {
        const returned = await session.execute(
          deleteFrom(loans).where(and(eq(loans.userId, userId), eq(loans.bookId, bookId))),
        )
        if (returned.rowCount === 0) {
          throw new HttpError(404, `User ${userId} has not borrowed book ${bookId}.`)
        }
        await session.execute(
          update(books)
            .set({ stock: add(books.stock, 1) })
            .where(eq(books.id, bookId)),
        )
      })
      return reply.status(204).send()
    },
  )

  return app
}
