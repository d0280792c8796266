export { canonicalTime } from './date-time.js'
export { canonicalDecimal } from './decimal.js'
export { defineCodec } from './define-codec.js'
export { formatUtcTimestamp, parseTimestamp, utcMillis } from './timestamp.js'
