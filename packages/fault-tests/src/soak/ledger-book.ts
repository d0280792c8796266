/*
 * The soak's transfers, from the id they are given to the outcome their caller was told,
 * kept only until a check has compared them with the ledger: ten minutes of transfers
 * would otherwise be a heap that grows by design.
 */

export type TransferOutcome = 'committed' | 'failed' | 'unknown' | 'insufficient'

export class LedgerBook {
  #last = 0
  readonly #open = new Set<number>()
  readonly #settled = new Map<number, TransferOutcome>()
  /** Every transfer up to this id has been checked against the ledger and forgotten. */
  checkedUpTo = 0

  /** A new transfer's ledger id. */
  open(): number {
    const id = ++this.#last
    this.#open.add(id)
    return id
  }

  settle(id: number, outcome: TransferOutcome): void {
    this.#open.delete(id)
    this.#settled.set(id, outcome)
  }

  /** The highest id below which every transfer has settled: a snapshot after now sees them all. */
  watermark(): number {
    let lowest = this.#last + 1
    for (const id of this.#open) if (id < lowest) lowest = id
    return lowest - 1
  }

  /** The outcomes of the settled transfers in (from, upTo]. */
  *settledIn(from: number, upTo: number): Generator<[number, TransferOutcome]> {
    for (let id = from + 1; id <= upTo; id++) yield [id, this.#settled.get(id)!]
  }

  outcome(id: number): TransferOutcome | undefined {
    return this.#settled.get(id)
  }

  forget(upTo: number): void {
    for (let id = this.checkedUpTo + 1; id <= upTo; id++) this.#settled.delete(id)
    this.checkedUpTo = upTo
  }
}
