export interface CompileRow {
  readonly dialect: string
  readonly nakedsqlColdNs: number
  readonly nakedsqlBuildOnlyNs: number
  readonly nakedsqlBuildCompileNs: number
  readonly nakedsqlCachedNs: number
  readonly kyselyBuildCompileNs: number
  readonly drizzleBuildCompileNs: number
}
