import {
  CommitOutcomeUnknownError,
  eq,
  insert,
  integer,
  NakedSqlError,
  type Session,
  type SessionFactory,
  select,
  sql,
  table,
  update,
} from '@nakedsql/core'

/*
 * The Jepsen bank workload: accounts whose total never changes, transfers that lock two
 * rows in random order, snapshot reads of the total, and faults fired all along. Every
 * transfer writes a ledger row in its own transaction, so what committed can be checked.
 */

export const accounts = table('bank_accounts', {
  id: integer().primaryKey(),
  balance: integer().notNull(),
})

export const ledger = table('bank_ledger', {
  id: integer().primaryKey(),
  fromId: integer().notNull().named('from_id'),
  toId: integer().notNull().named('to_id'),
  amount: integer().notNull(),
})

export const ACCOUNTS = 8
export const INITIAL_BALANCE = 100

/** A small seeded generator (mulberry32), so a failing run names the seed that drove it. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface BankOptions {
  readonly db: SessionFactory
  readonly seed: number
  readonly transfers: number
  readonly concurrency: number
  /** Kills one connection of the pool on the server; resolves to whether one was found. */
  readonly fault: (random: () => number) => Promise<boolean>
  /** Milliseconds between faults: a random time in this range. */
  readonly faultEveryMs: readonly [number, number]
  /** Isolation level of the snapshot reads. */
  readonly readIsolation: 'repeatable read' | 'serializable'
  readonly attempts?: number
}

export interface BankFigures {
  transfers: number
  committed: number
  /** Transfers that ended with a definite failure (nothing written), retries exhausted or not retryable. */
  failed: number
  unknown: number
  /** Transfers refused for lack of funds (committed, with nothing to write). */
  insufficient: number
  /** Sessions run again after a retryable failure. */
  retries: number
  faults: number
  reads: number
  readFailures: number
  /** Invariant checks that passed: every read, and the final checks. */
  invariantChecks: number
  errorsByClass: Record<string, number>
  /** The driver messages behind the unknown outcomes. */
  unknownCauses: Record<string, number>
}

export interface BankOutcome {
  readonly figures: BankFigures
  readonly committed: ReadonlySet<number>
  readonly failed: ReadonlySet<number>
  readonly unknown: ReadonlySet<number>
  /** Snapshot reads that broke an invariant (should stay empty). */
  readonly badReads: readonly string[]
}

export type TransferResult = 'moved' | 'insufficient'

/** One transfer of the plan: its ledger id, the accounts and the order their rows are locked in. */
export interface PlannedTransfer {
  readonly id: number
  readonly from: number
  readonly to: number
  readonly amount: number
  readonly order: readonly number[]
}

/** Every transfer's parameters, drawn up front so that they depend on the seed alone. */
export function planTransfers(random: () => number, transfers: number): PlannedTransfer[] {
  return Array.from({ length: transfers }, (_, i) => {
    const from = 1 + Math.floor(random() * ACCOUNTS)
    const to = 1 + ((from + Math.floor(random() * (ACCOUNTS - 1))) % ACCOUNTS)
    const order = random() < 0.5 ? [from, to] : [to, from]
    return { id: i + 1, from, to, amount: 1 + Math.floor(random() * 20), order }
  })
}

/**
 * Moves the amount and writes the ledger row, in the caller's session. SQLite has no
 * FOR UPDATE (a write session holds the database's write lock from BEGIN IMMEDIATE), so
 * `forUpdate` is false there and the rows are only read in the planned order.
 */
export async function transfer(
  s: Session,
  t: PlannedTransfer,
  forUpdate: boolean,
): Promise<TransferResult> {
  const balances = new Map<number, number>()
  for (const account of t.order) {
    // The builder has no FOR UPDATE; the lock is the point here, so it is written out.
    const balance = (
      await s.scalars(
        forUpdate
          ? sql<[unknown]>`SELECT balance FROM bank_accounts WHERE id = ${account} FOR UPDATE`
          : sql<[unknown]>`SELECT balance FROM bank_accounts WHERE id = ${account}`,
      )
    ).one()
    balances.set(account, Number(balance))
  }
  if (balances.get(t.from)! < t.amount) return 'insufficient'
  await s.execute(
    update(accounts)
      .set({ balance: balances.get(t.from)! - t.amount })
      .where(eq(accounts.id, t.from)),
  )
  await s.execute(
    update(accounts)
      .set({ balance: balances.get(t.to)! + t.amount })
      .where(eq(accounts.id, t.to)),
  )
  await s.execute(insert(ledger).values({ id: t.id, fromId: t.from, toId: t.to, amount: t.amount }))
  return 'moved'
}

/**
 * One snapshot read of the total, the lowest balance and the number of accounts. Returns
 * what it saw when that breaks an invariant, undefined when all hold.
 */
export async function snapshotRead(
  db: SessionFactory,
  isolationLevel: 'repeatable read' | 'serializable',
): Promise<string | undefined> {
  const [total, lowest, count] = await db.begin(
    async (s) =>
      (
        await s.tuples(
          sql<
            [unknown, unknown, unknown]
          >`SELECT sum(balance), min(balance), count(*) FROM bank_accounts`,
        )
      ).one(),
    { isolationLevel, readOnly: true },
  )
  if (
    Number(total) !== ACCOUNTS * INITIAL_BALANCE ||
    Number(lowest) < 0 ||
    Number(count) !== ACCOUNTS
  ) {
    return `total ${total}, lowest ${lowest}, accounts ${count}`
  }
  return undefined
}

/** Figures with every count at zero. */
export function emptyFigures(transfers: number): BankFigures {
  return {
    transfers,
    committed: 0,
    failed: 0,
    unknown: 0,
    insufficient: 0,
    retries: 0,
    faults: 0,
    reads: 0,
    readFailures: 0,
    invariantChecks: 0,
    errorsByClass: {},
    unknownCauses: {},
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs the workload with faults; returns what every transfer was told. */
export async function runBank(options: BankOptions): Promise<BankOutcome> {
  const { db, transfers, concurrency } = options
  const random = seeded(options.seed)
  const attempts = options.attempts ?? 8
  const figures = emptyFigures(transfers)
  const committed = new Set<number>()
  const failed = new Set<number>()
  const unknown = new Set<number>()
  const badReads: string[] = []
  const countError = (error: unknown) => {
    const name = error instanceof Error ? error.name : typeof error
    figures.errorsByClass[name] = (figures.errorsByClass[name] ?? 0) + 1
  }

  const plan = planTransfers(random, transfers)
  const forUpdate = db.driver.dialect.name !== 'sqlite'

  let next = 0
  let running = true
  const worker = async () => {
    for (let at = next++; at < plan.length; at = next++) {
      const t = plan[at]!
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await db.begin((s) => transfer(s, t, forUpdate))
          if (result === 'moved') {
            committed.add(t.id)
            figures.committed++
          } else {
            figures.insufficient++
          }
          break
        } catch (error) {
          countError(error)
          if (error instanceof CommitOutcomeUnknownError) {
            unknown.add(t.id)
            figures.unknown++
            const cause = error.cause instanceof Error ? error.cause.message : String(error.cause)
            figures.unknownCauses[cause] = (figures.unknownCauses[cause] ?? 0) + 1
            break
          }
          const retryable = error instanceof NakedSqlError && error.retryable
          if (!retryable || attempt >= attempts) {
            failed.add(t.id)
            figures.failed++
            break
          }
          figures.retries++
          await pause(random() * Math.min(200, 5 * 2 ** attempt))
        }
      }
    }
  }

  const reader = async () => {
    while (running) {
      try {
        const bad = await snapshotRead(db, options.readIsolation)
        figures.reads++
        if (bad === undefined) figures.invariantChecks++
        else badReads.push(bad)
      } catch (error) {
        countError(error)
        figures.readFailures++
      }
      await pause(5)
    }
  }

  const faults = async () => {
    const [low, high] = options.faultEveryMs
    while (running) {
      await pause(low + random() * (high - low))
      if (!running) return
      try {
        if (await options.fault(random)) figures.faults++
      } catch (error) {
        countError(error)
      }
    }
  }

  const background = [reader(), faults()]
  await Promise.all(Array.from({ length: concurrency }, worker))
  running = false
  await Promise.all(background)
  return { figures, committed, failed, unknown, badReads }
}

/** The final state, read without faults. */
export interface BankState {
  readonly balances: ReadonlyMap<number, number>
  readonly ledger: readonly { id: number; fromId: number; toId: number; amount: number }[]
}

export async function readState(db: SessionFactory): Promise<BankState> {
  return db.begin(async (s) => {
    const rows = (await s.scalars(select(accounts).orderBy(accounts.id))).all()
    const moves = (await s.scalars(select(ledger).orderBy(ledger.id))).all()
    return {
      balances: new Map(rows.map((r) => [r.id, r.balance])),
      ledger: moves,
    }
  })
}

/**
 * Every invariant of the final state; returns the broken ones. The balances must equal the
 * initial ones moved by exactly the ledger's transfers, so no half transfer hides anywhere.
 */
export function brokenInvariants(outcome: BankOutcome, state: BankState): string[] {
  const broken: string[] = [...outcome.badReads.map((r) => `a snapshot read saw ${r}`)]
  let total = 0
  const expected = new Map<number, number>()
  for (let id = 1; id <= ACCOUNTS; id++) expected.set(id, INITIAL_BALANCE)
  const inLedger = new Set<number>()
  for (const move of state.ledger) {
    if (inLedger.has(move.id)) broken.push(`transfer ${move.id} is in the ledger twice`)
    inLedger.add(move.id)
    expected.set(move.fromId, expected.get(move.fromId)! - move.amount)
    expected.set(move.toId, expected.get(move.toId)! + move.amount)
  }
  for (const [id, balance] of state.balances) {
    total += balance
    if (balance < 0) broken.push(`account ${id} is negative: ${balance}`)
    if (balance !== expected.get(id)) {
      broken.push(`account ${id} holds ${balance}, the ledger says ${expected.get(id)}`)
    }
  }
  if (total !== ACCOUNTS * INITIAL_BALANCE) broken.push(`the total is ${total}`)
  for (const id of outcome.committed) {
    if (!inLedger.has(id)) broken.push(`transfer ${id} was reported committed and is missing`)
  }
  for (const id of outcome.failed) {
    if (inLedger.has(id)) broken.push(`transfer ${id} was reported failed and is in the ledger`)
  }
  for (const id of inLedger) {
    if (!outcome.committed.has(id) && !outcome.unknown.has(id)) {
      broken.push(`transfer ${id} is in the ledger but was never reported committed or unknown`)
    }
  }
  if (outcome.figures.unknown > outcome.figures.faults) {
    broken.push(
      `${outcome.figures.unknown} outcomes unknown, more than the ${outcome.figures.faults} faults injected`,
    )
  }
  return broken
}

/** How many final checks `brokenInvariants` makes, for the figures. */
export function finalCheckCount(outcome: BankOutcome, state: BankState): number {
  return (
    state.ledger.length +
    2 * state.balances.size +
    1 +
    outcome.committed.size +
    outcome.failed.size +
    1
  )
}
