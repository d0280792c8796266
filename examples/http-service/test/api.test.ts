import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databases, type TestDatabase } from './databases.js'
import { type RunningService, startService } from './server.js'

describe.each(databases)('the reading-list API on %s', (_, open) => {
  let database: TestDatabase
  let service: RunningService

  beforeAll(async () => {
    database = await open('http')
    service = await startService(database.url)
  })

  afterAll(async () => {
    await service?.app.close()
    await database?.drop()
  })

  let userCount = 0
  async function newUser(): Promise<number> {
    userCount += 1
    const { status, body } = await service.call('POST', '/users', {
      name: `Reader ${userCount}`,
      email: `reader${userCount}@example.com`,
    })
    expect(status).toBe(201)
    return body.id
  }

  async function newBook(copies: number): Promise<number> {
    const { status, body } = await service.call('POST', '/books', {
      title: `Book with ${copies} copies`,
      author: 'Anon',
      copies,
    })
    expect(status).toBe(201)
    return body.id
  }

  async function stockOf(bookId: number): Promise<number> {
    return (await service.call('GET', `/books/${bookId}`)).body.stock
  }

  it('creates and reads users, refusing a duplicate email with 409', async () => {
    const created = await service.call('POST', '/users', { name: 'Ada', email: 'ada@example.com' })
    expect(created).toEqual({
      status: 201,
      body: { id: expect.any(Number), name: 'Ada', email: 'ada@example.com' },
    })
    expect(await service.call('GET', `/users/${created.body.id}`)).toEqual({
      status: 200,
      body: created.body,
    })
    const duplicate = await service.call('POST', '/users', {
      name: 'Ada 2',
      email: 'ada@example.com',
    })
    expect(duplicate).toEqual({
      status: 409,
      body: { error: 'A user with email ada@example.com already exists.' },
    })
  })

  it('answers 404 for a missing record and 400 for an invalid body', async () => {
    expect((await service.call('GET', '/users/999999')).status).toBe(404)
    expect((await service.call('GET', '/books/999999')).status).toBe(404)
    expect((await service.call('POST', '/books', { title: 'No copies field' })).status).toBe(400)
    expect(
      (await service.call('POST', '/books', { title: 'x', author: 'y', copies: -1 })).status,
    ).toBe(400)
  })

  it('borrows a book: one less copy on the shelf and a loan with the book', async () => {
    const userId = await newUser()
    const bookId = await newBook(2)
    const borrowed = await service.call('POST', `/users/${userId}/loans`, { bookId })
    expect(borrowed.status).toBe(201)
    expect(borrowed.body).toMatchObject({ userId, bookId, book: { id: bookId, stock: 1 } })
    expect(new Date(borrowed.body.borrowedAt).getTime()).not.toBeNaN()
    expect(await stockOf(bookId)).toBe(1)

    const list = await service.call('GET', `/users/${userId}/loans`)
    expect(list.body).toEqual([borrowed.body])
  })

  it('refuses a second loan of the same book to the same user with 409, keeping the stock', async () => {
    const userId = await newUser()
    const bookId = await newBook(5)
    expect((await service.call('POST', `/users/${userId}/loans`, { bookId })).status).toBe(201)
    const again = await service.call('POST', `/users/${userId}/loans`, { bookId })
    expect(again).toEqual({
      status: 409,
      body: { error: `User ${userId} already has book ${bookId}.` },
    })
    // The decrement that ran before the failing insert was rolled back with it.
    expect(await stockOf(bookId)).toBe(4)
  })

  it('refuses to lend a book with no copy left with 409', async () => {
    const bookId = await newBook(0)
    const refused = await service.call('POST', `/users/${await newUser()}/loans`, { bookId })
    expect(refused).toEqual({ status: 409, body: { error: `No copy of book ${bookId} is left.` } })
    expect(await stockOf(bookId)).toBe(0)
  })

  it('answers 404 for a loan of a missing book or to a missing user, and rolls back', async () => {
    const missingBook = await service.call('POST', `/users/${await newUser()}/loans`, {
      bookId: 999999,
    })
    expect(missingBook.status).toBe(404)
    const bookId = await newBook(1)
    const missingUser = await service.call('POST', '/users/999999/loans', { bookId })
    expect(missingUser).toEqual({ status: 404, body: { error: 'No user 999999.' } })
    expect(await stockOf(bookId)).toBe(1)
  })

  it('returns a book: the copy goes back on the shelf', async () => {
    const userId = await newUser()
    const bookId = await newBook(1)
    await service.call('POST', `/users/${userId}/loans`, { bookId })
    expect((await service.call('DELETE', `/users/${userId}/loans/${bookId}`)).status).toBe(204)
    expect(await stockOf(bookId)).toBe(1)
    expect((await service.call('DELETE', `/users/${userId}/loans/${bookId}`)).status).toBe(404)
    expect((await service.call('GET', `/users/${userId}/loans`)).body).toEqual([])
  })

  it('lends the last copy to exactly one of many concurrent borrowers', async () => {
    const bookId = await newBook(1)
    const readers = await Promise.all(Array.from({ length: 8 }, newUser))
    const answers = await Promise.all(
      readers.map((userId) => service.call('POST', `/users/${userId}/loans`, { bookId })),
    )
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    expect(await stockOf(bookId)).toBe(0)
    const winner = answers.find((a) => a.status === 201)!.body.userId
    expect((await service.call('GET', `/users/${winner}/loans`)).body).toHaveLength(1)
  })

  it('lends three copies to exactly three of ten concurrent borrowers', async () => {
    const bookId = await newBook(3)
    const readers = await Promise.all(Array.from({ length: 10 }, newUser))
    const answers = await Promise.all(
      readers.map((userId) => service.call('POST', `/users/${userId}/loans`, { bookId })),
    )
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7)
    expect(await stockOf(bookId)).toBe(0)
  })
})
