export interface CompileRow {
  readonly dialect: string
  readonly nakedsqlColdNs: number
  readonly nakedsqlBuildOnlyNs: number
  readonly nakedsqlBuildCompileNs: number
  readonly nakedsqlCachedNs: number
  /** Built per call and planned through the shape index, values bound: what db.execute pays. */
  readonly nakedsqlBuildPlanNs: number
  readonly kyselyBuildCompileNs: number
  readonly drizzleBuildCompileNs: number
}
