/** Progress goes to stderr so that stdout carries nothing but the final tables. */
const started = performance.now()

export function progress(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1)
  process.stderr.write(`[bench +${s.padStart(5)}s] ${message}\n`)
}
