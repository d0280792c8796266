import type { AddressInfo } from 'node:net'
import { createSessionFactory, type SessionFactory } from '@nakedsql/core'
import type { FastifyInstance } from 'fastify'
import { adapterFromUrl } from '../src/adapter-from-url.js'
import { buildApp } from '../src/app.js'
import { createTables } from '../src/setup.js'

/** The service as main.ts starts it, in this process, on a free loopback port. */
export interface RunningService {
  readonly app: FastifyInstance
  readonly db: SessionFactory
  readonly baseUrl: string
  /** Sends a JSON request and returns the status and parsed body. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
}

export async function startService(
  url: string,
  prepare: (app: FastifyInstance) => void = () => {},
): Promise<RunningService> {
  const db = createSessionFactory(await adapterFromUrl(url))
  await createTables(db)
  const app = buildApp(db)
  prepare(app)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const baseUrl = `http://127.0.0.1:${port}`
  return {
    app,
    db,
    baseUrl,
    call: (method, path, body) => call(baseUrl, method, path, body),
  }
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}
