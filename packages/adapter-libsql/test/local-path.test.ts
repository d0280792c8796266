import { describe, expect, it } from 'vitest'
import { localPath } from '../src/local-path.js'

describe('localPath: which URLs open a local database, and which file', () => {
  it('reads the file URL forms @libsql/client accepts', () => {
    expect(localPath('file:app.db')).toEqual({ path: 'app.db', memory: false })
    expect(localPath('file:data/app.db')).toEqual({ path: 'data/app.db', memory: false })
    expect(localPath('file:/srv/app.db')).toEqual({ path: '/srv/app.db', memory: false })
    expect(localPath('file:///srv/app.db')).toEqual({ path: '/srv/app.db', memory: false })
    expect(localPath('file://localhost/srv/app.db')).toEqual({ path: '/srv/app.db', memory: false })
    expect(localPath('FILE:app.db')).toEqual({ path: 'app.db', memory: false })
    expect(localPath('file:my%20app%3F.db')).toEqual({ path: 'my app?.db', memory: false })
  })

  it('knows the in-memory forms, keeping a shared-cache query', () => {
    expect(localPath(':memory:')).toEqual({ path: ':memory:', memory: true })
    expect(localPath('file::memory:')).toEqual({ path: ':memory:', memory: true })
    expect(localPath('file::memory:?cache=shared')).toEqual({
      path: 'file::memory:?cache=shared',
      memory: true,
    })
  })

  it('leaves remote URLs to the client', () => {
    for (const url of [
      'libsql://db.example.com',
      'https://db.example.com',
      'http://127.0.0.1:8080',
      'wss://db.example.com',
      'ws://127.0.0.1:8080',
    ]) {
      expect(localPath(url)).toBeUndefined()
    }
  })

  it('refuses a file URL it cannot read as one file, saying how to write it', () => {
    expect(() => localPath('file://server/app.db')).toThrow(/names the host "server".*file:\/\/\//)
    expect(() => localPath('file:app.db?mode=ro')).toThrow(/query or fragment.*options/)
    expect(() => localPath('file:app.db#x')).toThrow(/query or fragment/)
    expect(() => localPath('file:bad%zz.db')).toThrow(/%25/)
    expect(() => localPath('file:')).toThrow(/names no file/)
  })
})
