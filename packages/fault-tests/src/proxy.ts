import net from 'node:net'

/*
 * A TCP proxy on loopback that sits between a pool and a database server, splits both
 * directions into protocol messages, and breaks a connection at an exact message: cut
 * (close both sides) before or after it, or black-hole (stop forwarding, keep the sockets
 * open), or delay it (hold a message and what follows it for a while, so the client reads it
 * apart from the messages before it). Faults a real network produces, at points a test chooses.
 */

/** How the byte stream splits into messages. */
export type Protocol = 'postgres' | 'mysql'

/** `up`: client to server; `down`: server to client. */
export type Direction = 'up' | 'down'

/** One message as it passed the proxy. */
export interface MessageEvent {
  readonly connection: number
  readonly direction: Direction
  /** Index among this connection's messages of this direction since its mark. */
  readonly index: number
  /** PostgreSQL: the type byte as a character ('startup' for the untyped first message); MySQL: the first payload byte in hex. */
  readonly type: string
  /** The first bytes of the payload as latin1 text, to recognise a message in a recording. */
  readonly text: string
  /** Not forwarded: it arrived at or after the break. */
  readonly dropped: boolean
}

/** Where and how to break a connection. */
export interface FaultRule {
  readonly direction: Direction
  /** The message index, counted per direction since the connection's mark. */
  readonly index?: number
  /** Or: the first message whose first 64 bytes (as latin1) match. */
  readonly text?: RegExp
  readonly when: 'before' | 'after'
  readonly action: 'cut' | 'blackhole' | 'delay'
  /** For 'delay': how long the direction is held, in milliseconds. */
  readonly ms?: number
  /** Only this connection; default: whichever connection reaches the point first. */
  readonly connection?: number
}

export interface ProxyOptions {
  readonly protocol: Protocol
  readonly targetHost: string
  readonly targetPort: number
}

interface Side {
  readonly socket: net.Socket
  buffer: Buffer
  count: number
  offset: number
  /** PostgreSQL: the client's first message has no type byte. */
  untypedFirst: boolean
  /** While a 'delay' holds this direction: the messages waiting, in order. */
  held: Buffer[] | undefined
}

interface Link {
  readonly id: number
  readonly up: Side
  readonly down: Side
  broken: 'cut' | 'blackhole' | undefined
}

export class FaultProxy {
  readonly port: number
  readonly log: MessageEvent[] = []
  /** Connections broken by a rule, by kind. */
  readonly faults = { cut: 0, blackhole: 0 }
  /** Black-holed connections whose client gave up and closed its socket. */
  readonly closedByClient: number[] = []
  readonly #server: net.Server
  readonly #options: ProxyOptions
  readonly #links = new Set<Link>()
  #rules: FaultRule[] = []
  #nextId = 0

  private constructor(server: net.Server, port: number, options: ProxyOptions) {
    this.#server = server
    this.port = port
    this.#options = options
  }

  /** Starts a proxy on 127.0.0.1 at a free port. */
  static async start(options: ProxyOptions): Promise<FaultProxy> {
    const server = net.createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const port = (server.address() as net.AddressInfo).port
    const proxy = new FaultProxy(server, port, options)
    server.on('connection', (client) => proxy.#accept(client))
    return proxy
  }

  /** Ids of the connections that are open now. */
  get openConnections(): number[] {
    return [...this.#links].filter((l) => l.broken !== 'cut').map((l) => l.id)
  }

  /** Restarts message counting at zero on every open connection; clears the log. */
  mark(): void {
    this.log.length = 0
    for (const link of this.#links) {
      link.up.offset = link.up.count
      link.down.offset = link.down.count
    }
  }

  /** Adds a rule; it fires once. */
  arm(rule: FaultRule): void {
    this.#rules.push(rule)
  }

  disarm(): void {
    this.#rules = []
  }

  /** Closes one open connection at once, as a network failure between messages would. */
  cut(connection: number): void {
    for (const link of this.#links) {
      if (link.id === connection && link.broken === undefined) {
        this.faults.cut++
        this.#cut(link)
      }
    }
  }

  /** Black-holes one open connection now: nothing more is forwarded either way. */
  blackhole(connection: number): void {
    for (const link of this.#links) {
      if (link.id === connection && link.broken === undefined) {
        link.broken = 'blackhole'
        this.faults.blackhole++
      }
    }
  }

  /** Stops listening and closes every connection, black-holed ones included. */
  async close(): Promise<void> {
    for (const link of this.#links) {
      link.broken ??= 'cut'
      link.up.socket.destroy()
      link.down.socket.destroy()
    }
    this.#links.clear()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  #accept(client: net.Socket): void {
    const server = net.connect(this.#options.targetPort, this.#options.targetHost)
    const link: Link = {
      id: this.#nextId++,
      up: {
        socket: client,
        buffer: Buffer.alloc(0),
        count: 0,
        offset: 0,
        untypedFirst: true,
        held: undefined,
      },
      down: {
        socket: server,
        buffer: Buffer.alloc(0),
        count: 0,
        offset: 0,
        untypedFirst: false,
        held: undefined,
      },
      broken: undefined,
    }
    this.#links.add(link)
    client.setNoDelay(true)
    server.setNoDelay(true)
    const drop = () => {
      if (link.broken !== 'blackhole') this.#cut(link)
    }
    client.on('close', () => {
      if (link.broken !== 'cut') this.closedByClient.push(link.id)
    })
    for (const socket of [client, server]) {
      socket.on('error', drop)
      socket.on('close', drop)
    }
    client.on('data', (chunk) => this.#receive(link, 'up', chunk))
    server.on('data', (chunk) => this.#receive(link, 'down', chunk))
  }

  #receive(link: Link, direction: Direction, chunk: Buffer): void {
    const from = direction === 'up' ? link.up : link.down
    const to = direction === 'up' ? link.down.socket : link.up.socket
    from.buffer = from.buffer.length === 0 ? chunk : Buffer.concat([from.buffer, chunk])
    for (;;) {
      const size = this.#messageSize(from)
      if (size === undefined || from.buffer.length < size) return
      const message = from.buffer.subarray(0, size)
      from.buffer = from.buffer.subarray(size)
      const index = from.count - from.offset
      from.count++
      // What arrives after a break is logged too: it shows what the client sent into the void.
      this.log.push({
        connection: link.id,
        direction,
        index,
        type: this.#typeOf(message, from),
        text: message.subarray(0, 64).toString('latin1'),
        dropped: link.broken !== undefined,
      })
      from.untypedFirst = false
      if (link.broken !== undefined) continue
      const rule = this.#match(link, direction, index, this.log[this.log.length - 1]!.text)
      if (rule?.action === 'delay') {
        // 'after' lets this message through first, unless an earlier hold is still queueing.
        const first = rule.when === 'after' && from.held === undefined ? undefined : message
        if (first === undefined) to.write(message)
        this.#hold(link, from, to, rule.ms ?? 0, first)
        continue
      }
      if (from.held !== undefined) {
        from.held.push(message)
        continue
      }
      if (rule?.when === 'before') {
        this.log[this.log.length - 1] = { ...this.log[this.log.length - 1]!, dropped: true }
        this.#break(link, rule)
        continue
      }
      to.write(message)
      if (rule !== undefined) this.#break(link, rule)
    }
  }

  #messageSize(side: Side): number | undefined {
    const b = side.buffer
    if (this.#options.protocol === 'mysql') {
      return b.length < 4 ? undefined : 4 + b.readUIntLE(0, 3)
    }
    if (side.untypedFirst) return b.length < 4 ? undefined : b.readInt32BE(0)
    return b.length < 5 ? undefined : 1 + b.readInt32BE(1)
  }

  #typeOf(message: Buffer, side: Side): string {
    if (this.#options.protocol === 'mysql')
      return message.length > 4 ? message[4]!.toString(16) : ''
    return side.untypedFirst ? 'startup' : String.fromCharCode(message[0]!)
  }

  #match(link: Link, direction: Direction, index: number, text: string): FaultRule | undefined {
    const at = this.#rules.findIndex(
      (r) =>
        r.direction === direction &&
        (r.index === undefined || r.index === index) &&
        (r.text === undefined || r.text.test(text)) &&
        (r.connection === undefined || r.connection === link.id),
    )
    if (at < 0) return undefined
    return this.#rules.splice(at, 1)[0]
  }

  /** Holds what arrives from `from` (starting with `first`) for `ms`, then forwards it in order. */
  #hold(link: Link, from: Side, to: net.Socket, ms: number, first: Buffer | undefined): void {
    from.held ??= []
    if (first !== undefined) from.held.push(first)
    setTimeout(() => {
      const held = from.held ?? []
      from.held = undefined
      if (link.broken === undefined) for (const message of held) to.write(message)
    }, ms).unref()
  }

  #break(link: Link, rule: FaultRule): void {
    if (rule.action === 'cut') {
      this.faults.cut++
      this.#cut(link)
    } else {
      this.faults.blackhole++
      link.broken = 'blackhole'
    }
  }

  /**
   * Closes both sides after what was already written, so a message forwarded just before
   * the cut still arrives (as on a real network, where the last packets before a failure
   * may), then destroys them.
   */
  #cut(link: Link): void {
    if (link.broken === 'cut') return
    link.broken = 'cut'
    for (const side of [link.up, link.down]) {
      side.socket.end()
      setTimeout(() => side.socket.destroy(), 1000).unref()
    }
  }
}
