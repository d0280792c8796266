import {
  bundle,
  count,
  createAll,
  desc,
  dropAll,
  eq,
  excluded,
  gte,
  insert,
  param,
  rowNumber,
  type SessionFactory,
  select,
  UniqueViolationError,
  update,
} from '@nakedsql/core'
import { type Print, section } from './print.js'
import { authors, bookRatings, books, reviews, schema } from './schema.js'

/** Every result the demo printed, as values, so a test can check them. */
export type DemoResult = Awaited<ReturnType<typeof runDemo>>

const seedAuthors = [
  { name: 'Ursula K. Le Guin', country: 'US' },
  { name: 'Stanisław Lem', country: 'PL' },
  { name: 'Octavia E. Butler', country: null },
]

const seedBooks = [
  { author: 'Ursula K. Le Guin', title: 'The Dispossessed', year: 1974, price: '12.99' },
  { author: 'Ursula K. Le Guin', title: 'The Left Hand of Darkness', year: 1969, price: '11.49' },
  { author: 'Stanisław Lem', title: 'Solaris', year: 1961, price: '9.95' },
  { author: 'Stanisław Lem', title: 'The Cyberiad', year: 1965, price: '10.45' },
  { author: 'Octavia E. Butler', title: 'Kindred', year: 1979, price: '13.25' },
]

const seedReviews = [
  { title: 'The Dispossessed', reviewer: 'ana', stars: 5, body: 'An ambiguous utopia indeed.' },
  { title: 'The Dispossessed', reviewer: 'bo', stars: 4, body: null },
  { title: 'Solaris', reviewer: 'ana', stars: 5, body: 'The ocean!' },
  { title: 'Kindred', reviewer: 'cy', stars: 3, body: null },
]

/**
 * The whole tour. Each step is one statement (or one transaction), printed as it runs and
 * returned as values.
 */
export async function runDemo(db: SessionFactory, print: Print = console.log) {
  // Start clean even after an interrupted run, then create tables and the view.
  await db.begin(async (session) => {
    for (const statement of dropAll(schema)) await session.execute(statement)
    for (const statement of createAll(schema)) await session.execute(statement)
  })
  section(print, 'Created demo_authors, demo_books, demo_reviews and the view demo_book_ratings')

  try {
    return await tour(db, print)
  } finally {
    await db.begin(async (session) => {
      for (const statement of dropAll(schema)) await session.execute(statement)
    })
    section(print, 'Dropped the demo tables')
  }
}

async function tour(db: SessionFactory, print: Print) {
  // executemany: one statement with named placeholders, run for a list of parameter sets.
  const insertAuthor = insert(authors).values({ name: param('name'), country: param('country') })
  const insertBook = insert(books).values({
    authorId: param('authorId'),
    title: param('title'),
    year: param('year'),
    price: param('price'),
  })
  const insertReview = insert(reviews).values({
    bookId: param('bookId'),
    reviewer: param('reviewer'),
    stars: param('stars'),
    body: param('body'),
  })

  const everyAuthor = await db.begin(async (session) => {
    await session.execute(insertAuthor, seedAuthors)
    // Entities: select(table) maps each row to a plain typed object.
    const all = (await session.scalars(select(authors).orderBy(authors.id))).all()
    const idOf = new Map(all.map((a) => [a.name, a.id]))
    await session.execute(
      insertBook,
      seedBooks.map(({ author, ...book }) => ({ ...book, authorId: idOf.get(author)! })),
    )
    const bookIds = await session.tuples(select(books.title, books.id).from(books))
    const bookIdOf = new Map(bookIds.all())
    await session.execute(
      insertReview,
      seedReviews.map(({ title, ...review }) => ({ ...review, bookId: bookIdOf.get(title)! })),
    )
    return all
  })
  section(print, 'executemany, then select(authors): entities', everyAuthor)

  const result = await db.begin(async (session) => {
    // Tuples of entities across a join.
    const booksWithAuthors = (
      await session.tuples(
        select(books, authors)
          .from(books)
          .innerJoin(authors, eq(books.authorId, authors.id))
          .where(gte(books.year, 1965))
          .orderBy(books.year),
      )
    ).all()
    section(print, 'select(books, authors) ... join: [book, author] tuples', booksWithAuthors)

    // A left join: the nullable side is `null` when no row matched.
    const booksWithReviews = (
      await session.tuples(
        select(books.title, reviews)
          .from(books)
          .leftJoin(reviews, eq(reviews.bookId, books.id))
          .orderBy(books.title, reviews.reviewer),
      )
    ).all()
    section(
      print,
      'select(books.title, reviews) ... left join: no review -> null',
      booksWithReviews,
    )

    // A named column group: labelled columns become one nested object.
    const catalogue = (
      await session.tuples(
        select(books.title, bundle({ name: authors.name, country: authors.country }))
          .from(books)
          .innerJoin(authors, eq(books.authorId, authors.id))
          .orderBy(books.title),
      )
    ).all()
    section(print, 'select(books.title, bundle({ name, country })): nested objects', catalogue)

    // An aggregate, ranked with a window function over the groups.
    const booksPerAuthor = count(books.id)
    const ranking = (
      await session.tuples(
        select(
          authors.name,
          booksPerAuthor.as('books'),
          rowNumber()
            .over({ orderBy: [booksPerAuthor.desc(), authors.name] })
            .as('rank'),
        )
          .from(authors)
          .leftJoin(books, eq(books.authorId, authors.id))
          .groupBy(authors.id, authors.name)
          .orderBy(authors.name),
      )
    ).all()
    section(print, 'count(books) per author, ranked with row_number() over (...)', ranking)

    // A view is queried like a table.
    const ratings = (
      await session.scalars(
        select(bookRatings).orderBy(desc(bookRatings.reviewCount), bookRatings.title),
      )
    ).all()
    section(print, 'select(bookRatings): the view', ratings)

    return { booksWithAuthors, booksWithReviews, catalogue, ranking, ratings }
  })

  // An upsert: the second insert of the same name updates the existing row.
  const upserted = await db.begin(async (session) => {
    await session.execute(
      insert(authors)
        .values({ name: 'Octavia E. Butler', country: 'US' })
        .onConflictDoUpdate({
          target: [authors.name],
          set: { country: excluded(authors.country) },
        }),
    )
    return (
      await session.scalars(select(authors).where(eq(authors.name, 'Octavia E. Butler')))
    ).one()
  })
  section(print, 'upsert, insert(...).onConflictDoUpdate(...): country was null, now set', [
    upserted,
  ])

  // update ... returning: the changed rows come back mapped. MySQL and MariaDB cannot return
  // from an UPDATE, which their adapter declares; there, read the rows back in the same session.
  const { capabilities } = db.driver
  const repriced = await db.begin(async (session) => {
    const change = update(books).set({ price: '7.99' }).where(eq(books.title, 'Solaris'))
    if (capabilities.returning.update) {
      return (await session.scalars(change.returning(books))).all()
    }
    await session.execute(change)
    return (await session.scalars(select(books).where(eq(books.title, 'Solaris')))).all()
  })
  section(
    print,
    capabilities.returning.update
      ? 'update(books).set({ price }) ... returning(books)'
      : 'update(books).set({ price }), then select (this database has no UPDATE ... RETURNING)',
    repriced,
  )

  // A savepoint: the inner block fails and only its work is undone.
  const savepoint = await db.begin(async (session) => {
    const kindred = (await session.scalars(select(books).where(eq(books.title, 'Kindred')))).one()
    const review = { bookId: kindred.id, reviewer: 'dee', body: null }
    await session.execute(insert(reviews).values({ ...review, stars: 5 }))
    let innerError = ''
    try {
      await session.savepoint(async (sp) => {
        await sp.execute(insert(reviews).values({ ...review, reviewer: 'eve', stars: 1 }))
        throw new Error('eve changed her mind')
      })
    } catch (error) {
      innerError = (error as Error).message
    }
    const kept = (
      await session.tuples(
        select(reviews.reviewer, reviews.stars)
          .from(reviews)
          .where(eq(reviews.bookId, kindred.id))
          .orderBy(reviews.reviewer),
      )
    ).all()
    return { innerError, kept }
  })
  section(
    print,
    `savepoint rolled back ("${savepoint.innerError}"): eve's review is gone`,
    savepoint.kept,
  )

  // A unique violation arrives as a classified error, with the driver's error as `cause`.
  let violation: UniqueViolationError | undefined
  try {
    await db.begin((session) =>
      session.execute(insert(authors).values({ name: 'Stanisław Lem', country: 'PL' })),
    )
  } catch (error) {
    if (!(error instanceof UniqueViolationError)) throw error
    violation = error
  }
  section(print, 'a duplicate author name raises UniqueViolationError', [
    { name: violation?.name, code: violation?.code, retryable: violation?.retryable },
  ])

  return { authors: everyAuthor, ...result, upserted, repriced, savepoint, violation }
}
