import { sql } from '@nakedsql/core'
import { ACCOUNTS, INITIAL_BALANCE } from '../bank.js'
import { counted, type SoakContext } from './context.js'
import { check } from './counters.js'
import { KV_LIMIT, SENTINEL_KEY } from './target.js'

/*
 * The bank invariants, checked in one snapshot while the soak runs and once at the end:
 * the total, no negative balance, balances equal to the ledger's moves, every transfer
 * settled since the last check in the ledger exactly when its caller was told it committed
 * (unknown ones either way), no unknown outcome without a kill, and no rolled-back value
 * (-1 written by rollbacks and savepoints) or aborted statement left in soak_kv.
 */

interface Snapshot {
  balances: [number, number][]
  moves: [number, number, number][]
  ledgerIds: Set<number>
  lowest: number
  sentinel: number
}

/** Runs one check; resolves to false when the snapshot could not be read (a fault hit it). */
export async function checkBank(ctx: SoakContext): Promise<boolean> {
  const { book, counts, target } = ctx
  const from = book.checkedUpTo
  // Every transfer up to here has settled, so the snapshot, which starts later, sees it.
  const upTo = book.watermark()
  let snapshot: Snapshot
  try {
    snapshot = await counted(ctx, 'check', () =>
      target.db.begin(
        async (s) => ({
          balances: (await s.tuples(sql<[unknown, unknown]>`SELECT id, balance FROM bank_accounts`))
            .all()
            .map(([id, balance]) => [Number(id), Number(balance)] as [number, number]),
          moves: (
            await s.tuples(
              sql<
                [unknown, unknown, unknown]
              >`SELECT from_id, to_id, sum(amount) FROM bank_ledger GROUP BY from_id, to_id`,
            )
          )
            .all()
            .map(([f, t, a]) => [Number(f), Number(t), Number(a)] as [number, number, number]),
          ledgerIds: new Set(
            (
              await s.scalars(
                sql<[unknown]>`SELECT id FROM bank_ledger WHERE id > ${from} AND id <= ${upTo}`,
              )
            )
              .all()
              .map(Number),
          ),
          lowest: Number((await s.scalars(sql<[unknown]>`SELECT min(v) FROM soak_kv`)).one()),
          sentinel: Number(
            (
              await s.scalars(sql<[unknown]>`SELECT v FROM soak_kv WHERE k = ${SENTINEL_KEY}`)
            ).one(),
          ),
        }),
        { readOnly: true, isolationLevel: target.readIsolation },
      ),
    )
  } catch {
    return false
  }

  const name = target.name
  const expected = new Map<number, number>()
  for (let id = 1; id <= ACCOUNTS; id++) expected.set(id, INITIAL_BALANCE)
  for (const [f, t, amount] of snapshot.moves) {
    expected.set(f, expected.get(f)! - amount)
    expected.set(t, expected.get(t)! + amount)
  }
  const total = snapshot.balances.reduce((sum, [, balance]) => sum + balance, 0)
  check(
    counts,
    snapshot.balances.length === ACCOUNTS,
    () => `${name}: ${snapshot.balances.length} accounts`,
  )
  check(counts, total === ACCOUNTS * INITIAL_BALANCE, () => `${name}: the total is ${total}`)
  for (const [id, balance] of snapshot.balances) {
    check(counts, balance >= 0, () => `${name}: account ${id} is negative: ${balance}`)
    check(
      counts,
      balance === expected.get(id),
      () => `${name}: account ${id} holds ${balance}, the ledger says ${expected.get(id)}`,
    )
  }
  for (const [id, outcome] of book.settledIn(from, upTo)) {
    const present = snapshot.ledgerIds.has(id)
    check(
      counts,
      outcome === 'unknown' || present === (outcome === 'committed'),
      () =>
        `${name}: transfer ${id} was reported ${outcome} and is ${present ? '' : 'not '}in the ledger`,
    )
  }
  for (const id of snapshot.ledgerIds) {
    check(
      counts,
      book.outcome(id) !== undefined,
      () => `${name}: transfer ${id} is in the ledger but was never settled`,
    )
  }
  const kills = counts.faults.kill ?? 0
  check(
    counts,
    counts.transfers.unknown <= kills,
    () => `${name}: ${counts.transfers.unknown} outcomes unknown, more than the ${kills} kills`,
  )
  check(counts, snapshot.lowest >= 0, () => `${name}: a rolled-back -1 is in soak_kv`)
  check(
    counts,
    snapshot.sentinel === KV_LIMIT - 1,
    () => `${name}: the sentinel row holds ${snapshot.sentinel}`,
  )
  book.forget(upTo)
  return true
}
