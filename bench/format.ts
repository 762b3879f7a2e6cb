/** Number formats shared by the tables, so every column reads the same way. */

export function ms(x: number): string {
  if (!Number.isFinite(x)) return '—'
  return x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)
}

export function int(x: number): string {
  return Math.round(x).toLocaleString('en-US')
}

export function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1)
}

export function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`
}

export function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(2)}x` : '—'
}
